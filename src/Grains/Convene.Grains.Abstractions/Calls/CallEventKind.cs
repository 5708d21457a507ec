namespace Convene.Grains.Calls;

/// <summary>What a <see cref="CallEvent"/> tells a party.</summary>
public enum CallEventKind
{
    /// <summary>A call is ringing for you (the spec's <c>OnIncoming</c>); carries the caller's key share.</summary>
    Incoming,
    /// <summary>The call's state changed (the spec's <c>OnStatus</c>); on answer, carries the callee's key share.</summary>
    Status,
    /// <summary>The peer muted or unmuted (the spec's <c>OnMute</c>).</summary>
    Mute,
    /// <summary>The peer's media is published: subscribe to it.</summary>
    Published,
    /// <summary>The call ended (the spec's <c>OnHangup</c>), with the reason.</summary>
    Hangup,
    /// <summary>You missed a call (the spec's <c>OnNotify</c>).</summary>
    Missed,
}
