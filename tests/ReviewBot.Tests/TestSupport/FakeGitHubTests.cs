using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ReviewBot.Tests.TestSupport;

/// <summary>The fake GitHub keeps GitHub's manners: credentials are required, and documented limits are enforced.</summary>
public class FakeGitHubTests : FakeGitHubTest
{
    [Test]
    public async Task RepositoryCalls_WithoutAnInstallationToken_Are401()
    {
        using var http = new HttpClient { BaseAddress = GitHub.BaseUrl };
        using var response = await http.PostAsync("repos/o/r/check-runs", Json("""{"name":"x","head_sha":"abc"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task CheckRunAction_WithALabelOver20Characters_Is422()
    {
        GitHub.Tokens["t"] = DateTimeOffset.UtcNow.AddHours(1);
        using var http = new HttpClient { BaseAddress = GitHub.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", "t");
        using var response = await http.PostAsync("repos/o/r/check-runs",
            Json("""{"name":"x","head_sha":"abc","actions":[{"label":"a label much longer than twenty","description":"d","identifier":"i"}]}"""));

        Assert.That(response.StatusCode, Is.EqualTo((HttpStatusCode)422), await response.Content.ReadAsStringAsync());
    }

    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("text/plain")]
    public async Task A_json_body_under_another_content_type_is_415(string contentType)
    {
        GitHub.Tokens["t"] = DateTimeOffset.UtcNow.AddHours(1);
        using var http = new HttpClient { BaseAddress = GitHub.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", "t");
        using var body = new StringContent("""{"name":"x","head_sha":"abc"}""", Encoding.UTF8, new MediaTypeHeaderValue(contentType));

        using var response = await http.PostAsync("repos/o/r/check-runs", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), await response.Content.ReadAsStringAsync());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
