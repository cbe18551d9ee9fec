using System.Text.RegularExpressions;

namespace ReviewBot.Webhooks;

public sealed partial class WebhookRouter
{
    /// <summary>GitHub's own limit on a comment body, in characters (code points); a longer one is not something GitHub sent.</summary>
    private const int MaxCommentLength = 65_536;

    /// <summary>GitHub's actions are short snake_case words; anything longer is refused before it is logged or stored.</summary>
    private const int MaxActionLength = 64;

    /// <summary>Thrown inside routing only, to turn "a field the bot routes on is missing or of the wrong type" into a 400 naming it.</summary>
    private sealed class MalformedFieldException(string message) : Exception(message);

    /// <summary>The repository a delivery is about, as checked at the door.</summary>
    private readonly record struct RepositoryName(string Owner, string Name)
    {
        public string FullName => $"{Owner}/{Name}";
    }

    /// <summary>
    /// Typed, path-based reads over the raw payload ("pull_request.head.sha"). Every read states the JSON type it wants; a field
    /// that is absent, null or of another type is refused here, at the door, rather than failing a job later.
    /// </summary>
    private readonly partial record struct Payload(string Event, JsonElement Root, string Prefix = "")
    {
        public bool Has(string path) => TryGet(path, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

        public string RequiredString(string path) =>
            TryGet(path, out var v) && v.ValueKind == JsonValueKind.String && Text(v, path) is { Length: > 0 } s ? s : throw Malformed(path, "a non-empty string");

        public int RequiredInt(string path) =>
            TryGet(path, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n > 0 ? n : throw Malformed(path, "a positive integer");

        public long RequiredLong(string path) =>
            TryGet(path, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n > 0 ? n : throw Malformed(path, "a positive integer");

        /// <summary>Null when absent or null; a value of another type is refused.</summary>
        public string? OptionalString(string path)
        {
            if (!TryGet(path, out var v) || v.ValueKind is JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.String ? Text(v, path) : throw Malformed(path, "a string");
        }

        /// <summary>Null when absent or null; a value of another type is refused.</summary>
        public bool? OptionalBool(string path)
        {
            if (!TryGet(path, out var v) || v.ValueKind is JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Malformed(path, "true or false");
        }

        /// <summary>An App's delivery names its installation; a repository webhook has none, and then GitHub is asked later.</summary>
        /// <summary>A positive integer at <paramref name="path"/> when the field is there; its absence is no error.</summary>
        public long? OptionalLong(string path) => TryGet(path, out _) ? RequiredLong(path) : null;

        public long? InstallationId() => TryGet("installation", out _) ? RequiredLong("installation.id") : null;

        public RepositoryName Repository()
        {
            var owner = Login("repository.owner.login");
            var name = RequiredString("repository.name");
            var fullName = RequiredString("repository.full_name");
            if (!IsName(owner) || !IsName(name))
            {
                throw Malformed("repository", "an owner and a name of letters, digits, '-', '_' and '.'");
            }

            if (!string.Equals(fullName, $"{owner}/{name}", StringComparison.OrdinalIgnoreCase))
            {
                throw Malformed("repository.full_name", "repository.owner.login/repository.name");
            }

            return new RepositoryName(owner, name);
        }

        public string Action()
        {
            var action = RequiredString("action");
            return action.Length <= MaxActionLength ? action : throw Malformed("action", $"at most {MaxActionLength} characters");
        }

        /// <summary>An account login: a name as GitHub allows it, with <c>[bot]</c> after it for an App's account.</summary>
        public string Login(string path)
        {
            var login = RequiredString(path);
            return LoginCharacters().IsMatch(login) ? login : throw Malformed(path, "a login of letters, digits, '-', '_' and '.'");
        }

        /// <summary>A login that may be absent or null.</summary>
        public string? OptionalLogin(string path) => OptionalString(path) is null ? null : Login(path);

        public string Sha(string path)
        {
            var sha = RequiredString(path);
            return CommitId().IsMatch(sha) ? sha : throw Malformed(path, "a 40- or 64-digit hexadecimal commit id");
        }

        public string CommentBody(string path)
        {
            var body = RequiredString(path);
            return body.Length <= MaxCommentLength || body.EnumerateRunes().Count() <= MaxCommentLength
                ? body
                : throw Malformed(path, $"at most {MaxCommentLength} characters");
        }

        /// <summary>The numbers of the pull requests in an array such as <c>check_run.pull_requests</c>; an absent array names none.</summary>
        public IReadOnlyList<int> PullRequestNumbers(string path) => Items(path).Select(pr => pr.RequiredInt("number")).Distinct().ToList();

        /// <summary>The <c>full_name</c>s of an array of repositories, each prefixed with <paramref name="sign"/>.</summary>
        public IEnumerable<string> RepositoryNames(string path, char sign) => Items(path).Select(r => $"{sign}{r.FullName("full_name")}").ToList();

        private string FullName(string path)
        {
            var fullName = RequiredString(path);
            return fullName.Split('/') is [var owner, var name] && IsName(owner) && IsName(name) ? fullName : throw Malformed(path, "owner/name");
        }

        /// <summary>The objects of an array, each read like a payload of its own whose errors name the array.</summary>
        private IEnumerable<Payload> Items(string path)
        {
            if (!TryGet(path, out var array) || array.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(path, "an array");
            }

            var items = new List<Payload>();
            foreach (var item in array.EnumerateArray())
            {
                items.Add(item.ValueKind == JsonValueKind.Object ? new Payload(Event, item, $"{Prefix}{path}[].") : throw Malformed($"{path}[]", "an object"));
            }

            return items;
        }

        private bool TryGet(string path, out JsonElement value)
        {
            value = Root;
            foreach (var segment in path.Split('.'))
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A JSON string may escape half a surrogate pair (<c>"\ud800"</c>), which is no text at all.</summary>
        private string Text(JsonElement value, string path)
        {
            try
            {
                return value.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw Malformed(path, "valid Unicode text");
            }
        }

        private static bool IsName(string name) => name is not ("." or "..") && NameCharacters().IsMatch(name);

        private MalformedFieldException Malformed(string path, string kind) => new($"{Event} payload: {Prefix}{path} must be {kind}.");

        [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
        private static partial Regex NameCharacters();

        [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,100}(?:\[bot\])?$")]
        private static partial Regex LoginCharacters();

        [GeneratedRegex("^(?:[0-9a-f]{40}|[0-9a-f]{64})$")]
        private static partial Regex CommitId();
    }
}
