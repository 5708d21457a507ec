namespace Convene.Actors;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>It had no calls for the configured idle time.</summary>
    Idle,
    /// <summary>The grain asked for it with DeactivateOnIdle.</summary>
    Requested,
    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,
    /// <summary>Activation failed (OnActivateAsync or state load threw).</summary>
    ActivationFailed,
}
