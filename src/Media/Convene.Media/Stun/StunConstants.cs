namespace Convene.Media.Stun;

/// <summary>Wire constants of STUN (RFC 8489 §5, §6, §14; RFC 8445 §16.1).</summary>
public static class StunConstants
{
    /// <summary>The fixed magic cookie (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Length of the STUN header in bytes.</summary>
    public const int HeaderLength = 20;

    /// <summary>Length of the transaction id in bytes.</summary>
    public const int TransactionIdLength = 12;

    /// <summary>The value XORed into the CRC-32 of FINGERPRINT (RFC 8489 §14.7).</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>Length of an HMAC-SHA1 MESSAGE-INTEGRITY value (RFC 8489 §14.5).</summary>
    public const int MessageIntegrityLength = 20;

    /// <summary>Binding request (method 0x001, class request).</summary>
    public const ushort BindingRequest = 0x0001;

    /// <summary>Binding indication (method 0x001, class indication), used for keep-alives.</summary>
    public const ushort BindingIndication = 0x0011;

    /// <summary>Binding success response.</summary>
    public const ushort BindingSuccess = 0x0101;

    /// <summary>Binding error response.</summary>
    public const ushort BindingError = 0x0111;
}
