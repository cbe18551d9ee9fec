using System.Reflection;

namespace ReviewBot.Cli;

/// <summary>What <c>reviewbot --help</c>, <c>reviewbot VERB --help</c> and <c>reviewbot --version</c> print.</summary>
public static class CliHelp
{
    public const string Overview = """
        usage: reviewbot COMMAND [OPTIONS]

        Commands:
          review    review a local branch against its base and print the findings
          context   print what would be sent to the model, with token counts; sends nothing
          eval      run the engine over a benchmark (Martian, SWE-PRBench, clean PRs) and judge it with a second model
          action    handle a GitHub Actions event (a pull request or an @agent comment) with the run's GITHUB_TOKEN
          register  create ReviewBot's GitHub App from its manifest and save its key and secret for the service
          serve     run the GitHub App service (also what a bare `reviewbot` or `reviewbot --urls URL` does)

        Options:
          --help     show this help, or a command's help after the command (reviewbot review --help)
          --version  show the version
          --verbose  on a failure, show the details (exceptions, retries) as well as the one-line reason

        Settings (the model above all) come from appsettings.json and environment variables such as Model__Endpoint.
        Exit codes: 0 done, 1 failed, 2 wrong command line, 3 review incomplete, 130 cancelled.
        """;

    public const string Review = """
        usage: reviewbot review --repo PATH [--base REF] [--head REF] [--format text|json|sarif] [--verbose]

        Reviews the commits from the merge base of --base and --head up to --head and prints the findings on standard
        output. Needs a model (Model__Endpoint, Model__Name and, if the server needs one, Model__ApiKey).

          --repo PATH     the repository; a relative path is taken from the current directory
          --base REF      the branch the change goes into (default: the first of origin/HEAD, origin/main, origin/master, main, master)
          --head REF      the change (default: HEAD)
          --format F      text (default), json, or sarif (SARIF 2.1.0, for code scanning)
          --verbose       on a failure, show the details

        Exits 0 when every part of the change got an answer, 3 when some part got none.
        """;

    public const string Context = """
        usage: reviewbot context --repo PATH --base REF --head REF [--budget TOKENS] [--json] [--verbose]

        Prints what a review would send to the model, with token counts. Sends nothing and needs no model.

          --repo PATH      the repository; a relative path is taken from the current directory
          --base REF       the base commit of the diff
          --head REF       the head commit of the diff
          --budget TOKENS  the context budget (default: Model:ContextTokens)
          --json           print the items as JSON (without their text)
          --verbose        on a failure, show the details
        """;

    public const string Eval = """
        usage: reviewbot eval (--martian DIR | --swe-prbench FILE | --clean FILE) [--repos DIR] [--work DIR] [--out DIR]
                              [--limit N] [--github-url URL] [--price-in USD] [--price-cached USD] [--price-out USD]
                              [--price-judge-in USD] [--price-judge-out USD] [--priority P0..P3] [--confidence 0..1]
                              [--verbose]

        Reviews each pull request of a benchmark with the same engine as `review` (verification and thresholds included),
        then has a judge model split the summary into issues and match every candidate against every golden comment, the
        Martian Code Review Bench's way. Needs the model (Model__Endpoint, Model__Name, Model__ApiKey) and, except for
        --clean, a judge (Judge__Endpoint, Judge__Name, Judge__ApiKey).

          --martian DIR       the benchmark's offline folder (or its golden_comments folder): golden_comments/*.json
          --swe-prbench FILE  SWE-PRBench's prs.jsonl; human comments from annotations/TASK_human.json beside it
          --clean FILE        lines of "owner/name commit" the user says are sound, each reviewed against its first parent
          --repos DIR         offline: clones at DIR/owner/name or DIR/name (with refs/pull/N/head for pull requests)
          --work DIR          where clones made on demand go (default: OUT/work)
          --out DIR           report.json, candidates.json (Martian's shape), scores.json, report.html and the resume cache
                              (default: ./reviewbot-eval)
          --limit N           only the first N cases
          --github-url URL    where repositories are cloned from (default: https://github.com)
          --price-*  USD      dollars per million tokens, to report a cost (input, cached input, output, judge input, judge output)
          --priority P, --confidence C
                              review at this threshold instead of the default (P1, 0.7); loosen it (P3, 0.5) to calibrate
          --verbose           on a failure, show the details

        A rerun skips the cases already finished with the same model and threshold (OUT/cache/MODEL/) and tries failed ones again.
        Exits 0 when every case ran, 3 when some failed (they are in the report with their error).
        """;

    public const string Register = """
        usage: reviewbot register --webhook-url URL [--name NAME] [--org ORG] [--github-url URL] [--api-url URL]
                                  [--port N] [--env-file PATH] [--no-fixes] [--force] [--wait-minutes N]

        Creates the GitHub App through GitHub's manifest flow (.github/app-manifest.json: its permissions and events). It
        serves a page on http://127.0.0.1:PORT/ that sends the manifest to GitHub; after you confirm there, GitHub comes
        back to that page, and the App's id, private key and webhook secret are written to --env-file (mode 0600), which
        the service reads from its working directory and Docker Compose reads as its env_file.

          --webhook-url URL  where GitHub sends webhooks: https://HOST/api/github/webhooks, or a tunnel (a smee.io channel)
          --name NAME        the App's name on GitHub, unique there (default: ReviewBot)
          --org ORG          create it for an organization instead of your account
          --github-url URL   GitHub Enterprise Server's address (default: https://github.com)
          --api-url URL      its REST root (default: api.github.com, or HOST/api/v3 for a server)
          --port N           the local page's port (default: 8711)
          --env-file PATH    where the settings go (default: .env here); an existing file is kept unless --force
          --no-fixes         ask to read contents only: `@agent fix this` then suggests instead of pushing
          --force            replace an existing --env-file (its other settings are not kept)
          --wait-minutes N   how long to wait for GitHub (default: 15, at most 1440)
        """;

    public const string Action = """
        usage: reviewbot action [--sarif PATH] [--verbose]

        Runs as a step of a GitHub Actions workflow (see .github/actions/review/action.yml). Reads the event the run was
        started by and handles it as the server handles the same webhook: pull_request (opened, synchronize, reopened,
        ready_for_review) is reviewed and the review posted with GITHUB_TOKEN; issue_comment and pull_request_review_comment
        are @agent commands. Any other event: nothing to do, exit 0.

        Reads GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL (default
        https://api.github.com) and GITHUB_WORKSPACE (a checkout with the base and head commits is read instead of fetching).
        Needs a model (Model__Endpoint, Model__Name and, if the server needs one, Model__ApiKey).

          --sarif PATH    also write the findings as SARIF 2.1.0 (whenever a review produced them, posted or not; no file
                          when nothing was reviewed, so an upload does not close the alerts of an earlier run)
          --verbose       show what it does, and on a failure the details

        When the token may not post (a fork's pull request), the findings are printed and a warning says why. A head with
        a completed ReviewBot check run is not reviewed again unless GITHUB_RUN_ATTEMPT is above 1 (a re-run).
        Exits 0 when done (or reviewed before), 1 when no check run could be made or found, 2 when the variables, the
        event file or the model settings are wrong, 3 when the review is incomplete.
        """;

    /// <summary>The version the assembly was built with, without the source-control suffix.</summary>
    public static string Version()
    {
        var assembly = typeof(CliHelp).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }

    public static bool IsHelp(string arg) => arg is "--help" or "-h" or "help";
}
