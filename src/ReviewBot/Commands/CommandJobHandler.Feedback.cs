using ReviewBot.Feedback;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Publishing;

namespace ReviewBot.Commands;

/// <summary>
/// The feedback commands: <c>help</c> lists the repository's rules, <c>forget</c> removes one or all. Both first read
/// what people said on this pull request since the bot last looked, so the listing is current and a signal read later
/// cannot bring back a rule just forgotten. Resolved threads wait for the next review: telling a fix from no change
/// needs the code.
/// </summary>
public sealed partial class CommandJobHandler
{
    private async Task<IReadOnlyList<FeedbackRule>> LearnAsync(GitHubAccess access, CommandRequest request, CancellationToken cancellationToken)
    {
        var state = await PostedReviewState.ReadAsync(access, graphQl, request.Owner, request.Repository, request.Number, cancellationToken);
        return await feedback.LearnAsync(new FeedbackLook(access, request.Owner, request.Repository, request.Number, state.LastReviewedHead ?? "",
            state, null, mentions.Current()), cancellationToken);
    }

    private async Task ForgetAsync(GitHubAccess access, CommandRequest request, string arguments, CancellationToken cancellationToken)
    {
        var asked = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()?.Trim('`', '.', ',') ?? "";
        await LearnAsync(access, request, cancellationToken);
        IReadOnlyList<FeedbackRule> removed = asked.Length == 0 ? [] : await feedback.ForgetAsync($"{request.Owner}/{request.Repository}", asked, cancellationToken);
        var remaining = await feedback.RulesAsync($"{request.Owner}/{request.Repository}", cancellationToken);
        Log.Forgot(logger, request.Author, asked, removed.Count, request.Owner, request.Repository);
        await ReplyAsync(access.Client, request, FeedbackText.Forgotten(removed, asked, remaining, options.Value.Mention));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "{Author} asked to forget feedback rule '{Rule}' on {Owner}/{Repository}: {Removed} removed")]
        public static partial void Forgot(ILogger logger, string author, string rule, int removed, string owner, string repository);
    }
}
