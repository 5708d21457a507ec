namespace Convene.Grains.Calls;

/// <summary>What the callee's user grain made of an incoming call.</summary>
public enum CallOfferResult
{
    /// <summary>Offered to the callee's connections.</summary>
    Ringing,
    /// <summary>The callee is in another call.</summary>
    Busy,
    /// <summary>The callee has no connection.</summary>
    Unreachable,
}
