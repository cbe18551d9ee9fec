using ReviewBot.GitHub;

namespace ReviewBot.Tests.GitHub;

/// <summary>A GitHub call's metric label is its route, never the owner, repository, number, commit or file it names.</summary>
public class GitHubRouteTemplateTests
{
    [TestCase("/repos/Codertocat/Hello-World/pulls/2/reviews", "/repos/{owner}/{repo}/pulls/{id}/reviews")]
    [TestCase("/repos/octo-org/my.repo/check-runs/1001", "/repos/{owner}/{repo}/check-runs/{id}")]
    [TestCase("/repos/o/r/commits/4efbb4bb4615b197c9ef16a74f6f9ddfddc5cd4e/check-runs", "/repos/{owner}/{repo}/commits/{sha}/check-runs")]
    [TestCase("/repos/o/r/contents/src/Billing/Invoice.cs?ref=main", "/repos/{owner}/{repo}/contents/{path}")]
    [TestCase("/repos/o/r/git/refs/heads/feature/x", "/repos/{owner}/{repo}/git/refs/{ref}")]
    [TestCase("/repos/o/r/compare/main...feature", "/repos/{owner}/{repo}/compare/{basehead}")]
    [TestCase("/repos/o/r/collaborators/some-user/permission", "/repos/{owner}/{repo}/collaborators/{username}/permission")]
    [TestCase("/app/installations/42/access_tokens", "/app/installations/{id}/access_tokens")]
    [TestCase("/api/v3/repos/o/r/pulls/7", "/repos/{owner}/{repo}/pulls/{id}")]
    [TestCase("/graphql", "/graphql")]
    [TestCase("/users/Some-User", "/users/{username}")]
    [TestCase("/", "/")]
    public void A_path_becomes_its_route_template(string path, string route) =>
        Assert.That(GitHubRouteTemplate.For(path), Is.EqualTo(route));

    [Test]
    public void A_path_of_unknown_words_or_great_depth_gives_a_bounded_template()
    {
        var deep = "/" + string.Join('/', Enumerable.Range(0, 50).Select(i => $"Segment{i}"));

        var route = GitHubRouteTemplate.For(deep);

        Assert.That(route, Is.EqualTo("/" + string.Join('/', Enumerable.Repeat("{param}", 8))));
    }
}
