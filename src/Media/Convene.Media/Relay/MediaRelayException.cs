namespace Convene.Media.Relay;

/// <summary>A publish or subscribe request the relay cannot honour; the message says why, for the client.</summary>
public sealed class MediaRelayException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MediaRelayException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
