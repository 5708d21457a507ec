namespace Convene.Gateway.Hubs;

/// <summary>
/// A call event: <c>Kind</c> is <c>incoming</c>, <c>status</c>, <c>mute</c>, <c>published</c>, <c>hangup</c> or
/// <c>missed</c>. <c>PublicKey</c> is the peer's end-to-end key share (on <c>incoming</c>, and on the
/// <c>answered</c> status), relayed as the peer sent it.
/// </summary>
public sealed record CallEventDto(string Kind, CallDto Call, string? PublicKey, bool AudioMuted, bool VideoMuted);
