using System.Net;
using Convene.Media.Stun;

namespace Convene.Media.Ice;

/// <summary>
/// Builds the answers of an ICE-lite agent (RFC 8445 §6.1.1: always controlled, never checks) to a
/// verified Binding request: a success response with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and
/// FINGERPRINT (§7.3.1.3), or 487 when the peer also claims ICE-CONTROLLED (§7.3.1.1).
/// </summary>
public static class IceLiteResponder
{
    /// <summary>A buffer of this size always holds the response.</summary>
    public const int MaxResponseLength = 128;

    private static ReadOnlySpan<byte> RoleConflictReason => "Role Conflict"u8;

    /// <summary>Writes the response to <paramref name="request"/> into <paramref name="buffer"/>; returns its length.</summary>
    public static int WriteResponse(in StunMessage request, SocketAddress remote, ReadOnlySpan<byte> localPassword, Span<byte> buffer, out IceCheckOutcome outcome)
    {
        // A lite agent is always controlled; a peer that is controlled too is a conflict we cannot
        // resolve by switching, so it must switch (RFC 8445 §7.3.1.1, §6.1.1).
        if (request.HasIceControlled)
        {
            outcome = IceCheckOutcome.RoleConflict;
            var error = new StunWriter(buffer, StunConstants.BindingError, request.TransactionId);
            error.AddErrorCode(487, RoleConflictReason);
            error.AddMessageIntegrity(localPassword);
            error.AddFingerprint();
            return error.Length;
        }

        outcome = IceCheckOutcome.Success;
        var success = new StunWriter(buffer, StunConstants.BindingSuccess, request.TransactionId);
        success.AddXorMappedAddress(remote);
        success.AddMessageIntegrity(localPassword);
        success.AddFingerprint();
        return success.Length;
    }
}
