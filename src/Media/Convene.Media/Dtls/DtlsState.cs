namespace Convene.Media.Dtls;

/// <summary>The lifecycle of one DTLS association.</summary>
public enum DtlsState
{
    /// <summary>No DTLS record has arrived yet.</summary>
    New,

    /// <summary>The handshake is running.</summary>
    Connecting,

    /// <summary>The handshake completed and the SRTP keys are exported.</summary>
    Connected,

    /// <summary>The handshake failed (alert, fingerprint mismatch, timeout).</summary>
    Failed,

    /// <summary>The association was closed.</summary>
    Closed,
}
