namespace ReviewBot.Registration;

/// <summary>Registration could not go on, for a reason the user can act on (said in the message); exit code 1.</summary>
public sealed class RegistrationException : Exception
{
    public RegistrationException() : this("registration failed.") { }

    public RegistrationException(string message) : base(message) { }

    public RegistrationException(string message, Exception innerException) : base(message, innerException) { }
}
