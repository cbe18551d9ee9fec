using System.ClientModel;

namespace ReviewBot.Model;

/// <summary>
/// What a failed model call means to the person who set it up. A refused key is a setting to fix, not an outage to wait
/// out: calling it "could not be reached" sends them looking at the network.
/// </summary>
public static class ModelFailure
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ClientResultException { Status: 401 } => "the model server refused the credentials (401 Unauthorized): authentication failed; check Model:ApiKey (Model__ApiKey)",
            ClientResultException { Status: 403 } => "the model server refused access (403 Forbidden): the key may not use this model; check Model:ApiKey and Model:Name",
            _ => $"the model could not be reached: {exception.Message.Split('\n', 2)[0].Trim()}",
        };
    }

    /// <summary>True when the server answered but refused who was asking (a retry or a wait will not help).</summary>
    public static bool IsAuthentication(Exception exception) => exception is ClientResultException { Status: 401 or 403 };
}
