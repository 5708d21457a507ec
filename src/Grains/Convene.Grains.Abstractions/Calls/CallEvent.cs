using Orleans.Concurrency;

namespace Convene.Grains.Calls;

/// <summary>A call event for one party's connections.</summary>
/// <param name="Recipient">The address whose connections get it.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Call">The call as it is after the change.</param>
/// <param name="PublicKey">The peer's end-to-end key share, on <see cref="CallEventKind.Incoming"/> and on answer.</param>
/// <param name="AudioMuted">The peer's audio is muted (on <see cref="CallEventKind.Mute"/>).</param>
/// <param name="VideoMuted">The peer's video is muted (on <see cref="CallEventKind.Mute"/>).</param>
[GenerateSerializer, Immutable, Alias("convene.CallEvent")]
public sealed record CallEvent(string Recipient, CallEventKind Kind, CallInfo Call, string? PublicKey = null, bool AudioMuted = false, bool VideoMuted = false);
