namespace Convene.Media.Dtls;

/// <summary>The DTLS handshake failed; the message says why (alert, fingerprint mismatch, timeout).</summary>
public sealed class DtlsHandshakeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DtlsHandshakeException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
