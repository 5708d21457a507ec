namespace Convene.Grains.Calls;

/// <summary>Where a one-to-one call is (the spec's call statuses). Only <see cref="Ringing"/> and <see cref="Answered"/> are live.</summary>
public enum CallState
{
    /// <summary>The callee's connections are being offered the call.</summary>
    Ringing,
    /// <summary>The callee answered: media flows.</summary>
    Answered,
    /// <summary>Ended: the callee was in another call.</summary>
    Busy,
    /// <summary>Ended: the callee declined while it rang.</summary>
    Declined,
    /// <summary>Ended: nobody answered within the ring timeout.</summary>
    NoAnswer,
    /// <summary>Ended: a party hung up (or the caller cancelled while it rang).</summary>
    Hangup,
    /// <summary>Ended: the callee had no connection.</summary>
    Unreachable,
}
