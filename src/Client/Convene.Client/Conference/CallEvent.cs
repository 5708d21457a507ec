namespace Convene.Client.Conference;

/// <summary>A one-to-one call event (the hub's <c>OnCall</c>).</summary>
/// <param name="Kind"><c>incoming</c>, <c>status</c>, <c>mute</c>, <c>published</c>, <c>hangup</c> or <c>missed</c>.</param>
/// <param name="Call">The call.</param>
/// <param name="PublicKey">The peer's end-to-end key share (on <c>incoming</c> and the <c>answered</c> status), as the peer sent it.</param>
/// <param name="AudioMuted">The peer's audio is muted (on <c>mute</c>).</param>
/// <param name="VideoMuted">The peer's video is muted (on <c>mute</c>).</param>
public sealed record CallEvent(string Kind, OneToOneCall Call, string? PublicKey, bool AudioMuted, bool VideoMuted);
