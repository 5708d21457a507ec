namespace Convene.Media.Stun;

/// <summary>STUN attribute types used by ICE (RFC 8489 §18.3, RFC 8445 §16.1).</summary>
public static class StunAttributeType
{
    /// <summary>USERNAME.</summary>
    public const ushort Username = 0x0006;

    /// <summary>MESSAGE-INTEGRITY (HMAC-SHA1).</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>ERROR-CODE.</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>XOR-MAPPED-ADDRESS.</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>PRIORITY (ICE).</summary>
    public const ushort Priority = 0x0024;

    /// <summary>USE-CANDIDATE (ICE).</summary>
    public const ushort UseCandidate = 0x0025;

    /// <summary>SOFTWARE.</summary>
    public const ushort Software = 0x8022;

    /// <summary>FINGERPRINT (CRC-32).</summary>
    public const ushort Fingerprint = 0x8028;

    /// <summary>ICE-CONTROLLED (ICE).</summary>
    public const ushort IceControlled = 0x8029;

    /// <summary>ICE-CONTROLLING (ICE).</summary>
    public const ushort IceControlling = 0x802A;
}
