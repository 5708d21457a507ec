namespace Convene.Media.Sdp;

/// <summary>The text is not a session description this parser accepts; the message says which line.</summary>
public sealed class SdpParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SdpParseException(string message)
        : base(message)
    {
    }
}
