namespace ReviewBot.Feedback;

/// <summary>A <c>Feedback:Directory</c> that cannot be a folder (an existing file, characters no path may hold) stops the start, not the first 👎.</summary>
public sealed class FeedbackOptionsValidator : IValidateOptions<FeedbackOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedbackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            return ValidateOptionsResult.Success;
        }
        if (options.Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail($"Feedback:Directory '{options.Directory}' is not a path.");
        }
        return File.Exists(Path.GetFullPath(options.Directory))
            ? ValidateOptionsResult.Fail($"Feedback:Directory '{options.Directory}' is a file; it must be a folder (it is made when missing).")
            : ValidateOptionsResult.Success;
    }
}
