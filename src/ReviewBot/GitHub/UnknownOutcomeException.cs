namespace ReviewBot.GitHub;

/// <summary>
/// A create whose answer was lost and which could not be looked for afterwards (GitHub kept failing, or the App's own
/// account is not known): GitHub may or may not have it. It is not sent again, since twice is worse than once.
/// </summary>
public sealed class UnknownOutcomeException : Exception
{
    public UnknownOutcomeException(string message, Exception innerException) : base(message, innerException) { }

    public UnknownOutcomeException(string message) : base(message) { }

    public UnknownOutcomeException() { }
}
