using System.Text.Json;
using ReviewBot.Jobs;
using ReviewBot.Tests.TestSupport;
using StackExchange.Redis;

namespace ReviewBot.Tests.Jobs;

/// <summary>Jobs are plain data: written as JSON into a Redis stream and read back, each kind is the job that was written.</summary>
public class JobJsonTests
{
    private static IEnumerable<TestCaseData> EveryKind()
    {
        // Unicode, a long body and the largest ids, since a stream entry must carry whatever the router let in.
        var body = "@agent review please — ünïcödé 🚀 \"quoted\" \\ back\nslash" + new string('x', 60_000);
        yield return new TestCaseData(Job.ForReview("d-1", new ReviewRequest(long.MaxValue, "octo-org", "my.repo-1", int.MaxValue, new string('a', 40), true, "pull_request.opened")))
            .SetArgDisplayNames("review");
        yield return new TestCaseData(Job.ForReview("d-2", new ReviewRequest(null, "o", "r", 1, new string('f', 64), false, "command.review")))
            .SetArgDisplayNames("review of a repository webhook (no installation), SHA-256 head");
        yield return new TestCaseData(Job.ForRerun("d-3", new RerunRequest(5, "octo-org", "repo", new string('b', 40), "check_suite.rerequested")))
            .SetArgDisplayNames("re-run");
        yield return new TestCaseData(Job.ForCommand("d-4", new CommandRequest(7, "octo-org", "repo", 12, 987654321012, "some-user", body, true)))
            .SetArgDisplayNames("command");
        yield return new TestCaseData(Job.ForInstallation("d-5", new InstallationChange("installation_repositories", 9, null, "added", ["+octo-org/a", "-octo-org/b"])))
            .SetArgDisplayNames("installation");
        yield return new TestCaseData(Job.ForAgent("d-6", new AgentRequest(AgentRequest.Fix, 3, "octo-org", "repo", 8, 42, true, "some-user", "the null check ✓", 77)))
            .SetArgDisplayNames("agent");
    }

    [TestCaseSource(nameof(EveryKind))]
    public void A_job_read_back_from_its_json_is_the_job_that_was_written(Job job) =>
        Assert.That(JobJson.Read(JobJson.Write(job)), Is.EqualTo(job).Using<Job>((a, b) => JobJson.Write(a) == JobJson.Write(b)));

    [TestCaseSource(nameof(EveryKind))]
    public async Task A_job_read_back_from_a_Redis_stream_is_the_job_that_was_written(Job job)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisTestServer.Connection());
        var db = redis.GetDatabase();
        var stream = $"reviewbot-test:jobs:{Guid.NewGuid():N}";
        try
        {
            await db.StreamAddAsync(stream, "job", JobJson.Write(job));
            var entry = (await db.StreamReadAsync(stream, "0-0")).Single();
            var read = JobJson.Read(entry["job"].ToString());

            Assert.That(JobJson.Write(read), Is.EqualTo(JobJson.Write(job)));
            Assert.That(read with { Review = null, Command = null, Rerun = null, Installation = null },
                Is.EqualTo(job with { Review = null, Command = null, Rerun = null, Installation = null }));
            Assert.That(read.ApproximateBytes, Is.EqualTo(job.ApproximateBytes));
        }
        finally
        {
            await db.KeyDeleteAsync(stream);
        }
    }

    [Test]
    public void The_typed_request_of_a_review_comes_back_equal()
    {
        var request = new ReviewRequest(3, "octo-org", "repo", 4, new string('c', 40), false, "pull_request.synchronize");

        var read = JobJson.Read(JobJson.Write(Job.ForReview("d", request)));

        Assert.That(read.Review, Is.EqualTo(request));
    }

    [Test]
    public void A_job_queued_inside_a_span_carries_its_trace_context_delivery_and_time_across_the_json()
    {
        using var activity = new System.Diagnostics.Activity("webhook").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();
        var before = DateTimeOffset.UtcNow;
        var job = Job.ForReview("d-1/1", new ReviewRequest(3, "octo-org", "repo", 4, new string('c', 40), false, "pull_request.opened")).Queued("d-1");

        var read = JobJson.Read(JobJson.Write(job));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.TraceParent, Is.EqualTo(activity.Id).And.StartsWith("00-" + activity.TraceId));
            Assert.That(read.DeliveryId, Is.EqualTo("d-1"));
            Assert.That(read.QueuedAt, Is.InRange(before, DateTimeOffset.UtcNow));
            Assert.That(read, Is.EqualTo(job));
        }
    }

    [Test]
    public void A_follow_up_job_keeps_the_delivery_it_was_given_and_a_job_queued_outside_a_span_has_no_trace()
    {
        System.Diagnostics.Activity.Current = null;

        var job = Job.ForReview("comment-1", new ReviewRequest(3, "octo-org", "repo", 4, new string('c', 40), true, "command.review")).Queued("d-7").Queued();

        Assert.That((job.DeliveryId, job.TraceParent), Is.EqualTo(("d-7", (string?)null)));
    }

    [Test]
    public void A_job_written_before_it_carried_a_delivery_trace_and_time_reads_with_none()
    {
        const string older = """{"id":"d","kind":"Review","key":"octo-org/repo#4","number":4,"headSha":"cccccccccccccccccccccccccccccccccccccccc","forced":false,"review":{"installationId":3,"owner":"octo-org","repository":"repo","number":4,"headSha":"cccccccccccccccccccccccccccccccccccccccc","forced":false,"trigger":"t"},"command":null,"rerun":null,"installation":null,"agent":null}""";

        var read = JobJson.Read(older);

        Assert.That((read.DeliveryId, read.TraceParent, read.QueuedAt), Is.EqualTo(((string?)null, (string?)null, (DateTimeOffset?)null)));
    }

    [TestCase("null", TestName = "A_null_is_refused")]
    [TestCase("[]", TestName = "An_array_is_refused")]
    [TestCase("""{"id":"d","kind":"Review","key":"o/r#1","number":1,"headSha":"a","forced":false}""", TestName = "A_review_job_without_its_request_is_refused")]
    [TestCase("""{"id":"d","kind":"Review","key":"o/r#1","number":"one","headSha":"a","forced":false}""", TestName = "A_number_that_is_text_is_refused")]
    [TestCase("""{"id":"d","kind":"Sideways","key":"k","forced":false}""", TestName = "An_unknown_kind_is_refused")]
    [TestCase("""{"id":"d","kind":"Installation","key":"k","forced":false,"installation":{"event":"installation","installationId":1,"action":"created","repositories":[]},"extra":1}""", TestName = "A_field_the_job_does_not_have_is_refused")]
    [TestCase("""{"id":"d","kind":"Review","key":"k","number":1,"forced":false,"review":{}}""", TestName = "A_request_without_its_fields_is_refused")]
    [TestCase("""{"id":"d","kind":"Review","key":"octo-org/repo#4","number":4,"headSha":"cccccccccccccccccccccccccccccccccccccccc","forced":false,"review":{"installationId":3,"owner":"octo-org","repository":"repo","number":4,"headSha":null,"forced":false,"trigger":"t"}}""", TestName = "A_null_where_a_value_is_required_is_refused")]
    [TestCase("""{"id":"d","kind":"Review","key":"someone/else#1","number":4,"headSha":"cccccccccccccccccccccccccccccccccccccccc","forced":false,"review":{"installationId":3,"owner":"octo-org","repository":"repo","number":4,"headSha":"cccccccccccccccccccccccccccccccccccccccc","forced":false,"trigger":"t"}}""", TestName = "A_key_that_is_not_its_pull_requests_is_refused")]
    [TestCase("""{"id":"d","kind":"Review","key":"octo-org/repo#4","number":4,"headSha":"cccccccccccccccccccccccccccccccccccccccc","forced":true,"review":{"installationId":3,"owner":"octo-org","repository":"repo","number":4,"headSha":"cccccccccccccccccccccccccccccccccccccccc","forced":false,"trigger":"t"}}""", TestName = "A_forced_flag_its_request_does_not_have_is_refused")]
    [TestCase("""{"id":"d","kind":"Review","key":"octo-org/repo#4","number":4,"headSha":"cccccccccccccccccccccccccccccccccccccccc","forced":false,"review":{"installationId":3,"owner":"octo-org","repository":"repo","number":4,"headSha":"cccccccccccccccccccccccccccccccccccccccc","forced":false,"trigger":"t"},"installation":{"event":"installation","installationId":1,"action":"created","repositories":[]}}""", TestName = "A_job_with_two_requests_is_refused")]
    public void Text_that_is_no_job_is_refused_with_a_json_error(string json) =>
        Assert.Throws<JsonException>(() => JobJson.Read(json));
}
