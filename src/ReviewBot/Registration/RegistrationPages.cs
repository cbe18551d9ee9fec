using System.Text.Encodings.Web;

namespace ReviewBot.Registration;

/// <summary>
/// The two local pages of the flow, self-contained (nothing loads from elsewhere). GitHub's manifest flow starts with a
/// browser form POST of the manifest to GitHub, which no command line can make on the user's behalf: the start page is
/// that form, sent by one inline line of script, or by its button without script.
/// </summary>
internal static class RegistrationPages
{
    public static string Start(Uri creationUrl, string manifestJson, string script) => Page("Register ReviewBot", $"""
        <form id="register" method="post" action="{Attribute(creationUrl.AbsoluteUri)}">
          <input type="hidden" name="manifest" value="{Attribute(manifestJson)}">
          <p>This creates the GitHub App with ReviewBot's permissions and events. GitHub asks you to confirm.</p>
          <button type="submit">Create the GitHub App</button>
        </form>
        <script>{script}</script>
        """);

    public static string Done(string slug, Uri htmlUrl) => Page("ReviewBot is registered", $"""
        <p>The App {(htmlUrl.Scheme == Uri.UriSchemeHttps ? $"<a href=\"{Attribute(htmlUrl.AbsoluteUri)}\">{Text(slug)}</a>" : Text(slug))} exists. Its key and secret are saved; the terminal says what comes next.</p>
        <p>You can close this tab.</p>
        """);

    public static string Failed(string reason) => Page("ReviewBot is not registered", $"<p>{Text(reason)}</p><p>The terminal says more.</p>");

    private static string Page(string title, string body) => $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{Text(title)}</title></head>
        <body>
        <h1>{Text(title)}</h1>
        {body}
        </body></html>
        """;

    private static string Attribute(string value) => HtmlEncoder.Default.Encode(value);

    private static string Text(string value) => HtmlEncoder.Default.Encode(value);
}
