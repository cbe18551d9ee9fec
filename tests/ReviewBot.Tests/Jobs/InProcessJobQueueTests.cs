using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReviewBot.Jobs;

namespace ReviewBot.Tests.Jobs;

public class InProcessJobQueueTests
{
    private static InProcessJobQueue CreateSut(int max = 100) =>
        new(Options.Create(new JobsOptions { MaxQueuedJobs = max }), NullLogger<InProcessJobQueue>.Instance);

    private static Job Review(string sha, int pr = 1, bool forced = false) =>
        Job.ForReview($"d-{sha}-{forced}", new ReviewBot.Reviews.ReviewRequest(1, "o", "r", pr, sha, forced, "test"));

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
    public async Task OnePullRequest_RunsOneJobAtATime_WhileOthersProceed()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(Review("aaa", pr: 1));
        await queue.EnqueueAsync(Job.ForCommand("c1", new ReviewBot.Commands.CommandRequest(1, "o", "r", 1, 7, "someone", "@agent help", false)));
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
