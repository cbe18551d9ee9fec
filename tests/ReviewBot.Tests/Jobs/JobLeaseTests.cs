using ReviewBot.Jobs;

namespace ReviewBot.Tests.Jobs;

/// <summary>A lease can be cancelled at any time, also in the moment after its job ended (a shutdown racing the job's end).</summary>
public sealed class JobLeaseTests
{
    [Test]
    public void Cancelling_a_lease_whose_job_ended_and_whose_token_is_gone_does_not_throw()
    {
        var lease = new JobLease(Job.ForInstallation("d", new InstallationChange("installation", 1, null, "created", [])), _ => { });
        lease.Complete();
        lease.Dispose();

        Assert.DoesNotThrow(() => lease.Cancel("the service is shutting down"));
        Assert.That(lease.CancellationReason, Is.EqualTo("the service is shutting down"));
    }
}
