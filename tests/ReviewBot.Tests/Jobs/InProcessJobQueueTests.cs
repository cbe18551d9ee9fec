using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReviewBot.Jobs;

namespace ReviewBot.Tests.Jobs;

public class InProcessJobQueueTests
{
    private static InProcessJobQueue CreateSut(int max = 100, long maxBytes = 64L << 20) =>
        new(Options.Create(new JobsOptions { MaxQueuedJobs = max, MaxQueuedBytes = maxBytes }), NullLogger<InProcessJobQueue>.Instance);

    private static Job Command(int pr, int bodyLength) =>
        Job.ForCommand($"c{pr}", new CommandRequest(1, "o", "r", pr, pr, "someone", "@agent help " + new string('x', bodyLength), false));

    [Test]
    public async Task QueuedBytesPastTheBound_AreRefused_AndRoomComesBackAsJobsStart()
    {
        var queue = CreateSut(maxBytes: 1_000_000);
        var results = new List<EnqueueResult>();
        for (var pr = 1; pr <= 10; pr++)
        {
            results.Add(await queue.EnqueueAsync(Command(pr, 60_000)));
        }

        Assert.That(results.Count(r => r == EnqueueResult.Queued), Is.EqualTo(8), "each job holds about 120 KB");
        Assert.That(results.Skip(8), Is.All.EqualTo(EnqueueResult.Full));

        using var cts = new CancellationTokenSource(5000);
        (await queue.DequeueAsync(cts.Token)).Complete();
        Assert.That(await queue.EnqueueAsync(Command(11, 60_000)), Is.EqualTo(EnqueueResult.Queued));
    }

    [Test]
    public void ApproximateBytes_CountsEveryStringAJobHolds()
    {
        var big = new string('a', 1_000_000);
        var installation = Job.ForInstallation("i", new InstallationChange("installation", 1, big, big, [big]));
        var command = Job.ForCommand("c", new CommandRequest(1, big, big, 1, 1, big, big, false));

        Assert.That(installation.ApproximateBytes, Is.GreaterThan(6_000_000), "account, action and repositories at two bytes a character");
        Assert.That(command.ApproximateBytes, Is.GreaterThan(8_000_000), "owner, name, author, body (and the key made of them)");
    }

    [Test]
    public async Task SupersededReviews_GiveTheirBytesBack()
    {
        var queue = CreateSut(maxBytes: 65_536);
        for (var i = 0; i < 1000; i++)
        {
            Assert.That(await queue.EnqueueAsync(Review($"{i:x40}")), Is.EqualTo(EnqueueResult.Queued));
        }

        Assert.That(queue.Pending, Has.Count.EqualTo(1));
    }

    private static Job Review(string sha, int pr = 1, bool forced = false) =>
        Job.ForReview($"d-{sha}-{forced}", new ReviewRequest(1, "o", "r", pr, sha, forced, "test"));

    [Test]
    public async Task NewerHeadCommit_ReplacesTheQueuedReviewOfTheSamePullRequest()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(Review("aaa"));
        await queue.EnqueueAsync(Review("bbb"));

        Assert.That(queue.Pending.Select(j => j.HeadSha), Is.EqualTo(new[] { "bbb" }));
    }

    [Test]
    public async Task SameHeadCommit_IsCoalesced_UnlessTheNewOneIsForced()
    {
        var queue = CreateSut();
        var first = await queue.EnqueueAsync(Review("aaa"));
        var again = await queue.EnqueueAsync(Review("aaa"));
        var forced = await queue.EnqueueAsync(Review("aaa", forced: true));

        Assert.That((first, again, forced), Is.EqualTo((EnqueueResult.Queued, EnqueueResult.Coalesced, EnqueueResult.Queued)));
        Assert.That(queue.Pending.Single().Forced, Is.True);
    }

    [Test]
    public async Task NewerHeadCommit_CancelsTheRunningReview_WithAReason()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(Review("aaa"));
        using var cts = new CancellationTokenSource(5000);
        var running = await queue.DequeueAsync(cts.Token);

        await queue.EnqueueAsync(Review("bbbbbbbbbb"));

        Assert.That(running.CancellationToken.IsCancellationRequested, Is.True);
        Assert.That(running.CancellationReason, Is.EqualTo("superseded by a newer commit bbbbbbb"));
    }

    [Test]
    public async Task AForcedReviewOfAnOlderCommit_NeitherDropsNorCancelsTheHeadsReview()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(Review("bbb"));
        using var cts = new CancellationTokenSource(5000);
        var running = await queue.DequeueAsync(cts.Token);
        await queue.EnqueueAsync(Review("ccc"));

        await queue.EnqueueAsync(Review("aaa", forced: true));

        Assert.That(running.CancellationToken.IsCancellationRequested, Is.True, "ccc, a newer head, cancelled bbb");
        Assert.That(queue.Pending.Select(j => (j.HeadSha, j.Forced)), Is.EqualTo(new[] { ("ccc", false), ("aaa", true) }), "the re-run of aaa runs beside ccc's review");
    }

    [Test]
    public async Task AForcedReviewOfAnOlderCommit_DoesNotCancelTheRunningReviewOfTheHead()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(Review("bbb"));
        using var cts = new CancellationTokenSource(5000);
        var running = await queue.DequeueAsync(cts.Token);

        await queue.EnqueueAsync(Review("aaa", forced: true));
        await queue.EnqueueAsync(Review("bbb", forced: true));

        Assert.That(running.CancellationToken.IsCancellationRequested, Is.False);
        Assert.That(queue.Pending.Select(j => j.HeadSha), Is.EqualTo(new[] { "aaa", "bbb" }));
    }

    [Test]
    public async Task ANewerHeadCommit_StillSupersedesAQueuedForcedReviewOfAnOlderOne()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(Review("bbb"));
        await queue.EnqueueAsync(Review("aaa", forced: true));

        await queue.EnqueueAsync(Review("ccc"));

        Assert.That(queue.Pending.Select(j => j.HeadSha), Is.EqualTo(new[] { "ccc" }));
    }

    [Test]
    public async Task OnePullRequest_RunsOneJobAtATime_WhileOthersProceed()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(Review("aaa", pr: 1));
        await queue.EnqueueAsync(Job.ForCommand("c1", new CommandRequest(1, "o", "r", 1, 7, "someone", "@agent help", false)));
        await queue.EnqueueAsync(Review("ccc", pr: 2));
        using var cts = new CancellationTokenSource(5000);

        var first = await queue.DequeueAsync(cts.Token);
        var second = await queue.DequeueAsync(cts.Token);
        var blocked = queue.DequeueAsync(new CancellationTokenSource(100).Token).AsTask();

        Assert.That((first.Job.Number, second.Job.Number), Is.EqualTo((1, 2)));
        Assert.That(async () => await blocked, Throws.InstanceOf<OperationCanceledException>(), "the command waits for the review of PR 1");

        first.Complete();
        var third = await queue.DequeueAsync(cts.Token);
        Assert.That(third.Job.Kind, Is.EqualTo(JobKind.Command));
    }

    [Test]
    public async Task FullQueue_RefusesNewJobs()
    {
        var queue = CreateSut(max: 1);
        await queue.EnqueueAsync(Review("aaa", pr: 1));

        var result = await queue.EnqueueAsync(Review("bbb", pr: 2));

        Assert.That(result, Is.EqualTo(EnqueueResult.Full));
    }
}
