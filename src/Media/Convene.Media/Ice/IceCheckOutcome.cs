namespace Convene.Media.Ice;

/// <summary>What an ICE-lite agent does with a connectivity check.</summary>
public enum IceCheckOutcome
{
    /// <summary>Answered with a success response; the tuple is valid.</summary>
    Success,

    /// <summary>Answered 487 Role Conflict: the peer also claims the controlled role (RFC 8445 §7.3.1.1).</summary>
    RoleConflict,
}
