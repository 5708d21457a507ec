using Microsoft.AspNetCore.SignalR.Client;

namespace Convene.Client.Conference;

/// <summary>One-to-one calls (signalling; the media needs SDP offers from a WebRTC stack).</summary>
public sealed partial class ConferenceClient
{
    /// <summary>A one-to-one call event: incoming, status, mute, published, hangup or missed.</summary>
    public event Action<CallEvent>? CallChanged;

    /// <summary>Calls <paramref name="callee"/>; resolves with the call (ringing, or already busy or unreachable).</summary>
    /// <param name="callee">The address to call.</param>
    /// <param name="request">Video or voice, bitrate cap, key share.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<OneToOneCall> CallAsync(string callee, CallRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<OneToOneCall>("Call", [callee, request], cancellationToken);

    /// <summary>Answers a ringing call (callee only).</summary>
    /// <param name="callId">The call id.</param>
    /// <param name="publicKey">Your end-to-end key share for the caller, or null.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<OneToOneCall> AnswerCallAsync(string callId, string? publicKey = null, CancellationToken cancellationToken = default) =>
        InvokeAsync<OneToOneCall>("AnswerCall", [callId, publicKey], cancellationToken);

    /// <summary>Ends a call: declines it (callee, while ringing), cancels it (caller) or hangs up.</summary>
    /// <param name="callId">The call id.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<OneToOneCall> HangupCallAsync(string callId, CancellationToken cancellationToken = default) =>
        InvokeAsync<OneToOneCall>("HangupCall", [callId], cancellationToken);

    /// <summary>Mutes or unmutes your audio or video in a call; the peer gets a <c>mute</c> event.</summary>
    /// <param name="callId">The call id.</param>
    /// <param name="audioMuted">Mute your audio.</param>
    /// <param name="videoMuted">Mute your video.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<OneToOneCall> MuteCallAsync(string callId, bool audioMuted, bool videoMuted, CancellationToken cancellationToken = default) =>
        InvokeAsync<OneToOneCall>("MuteCall", [callId, audioMuted, videoMuted], cancellationToken);

    /// <summary>Your live call (ringing or answered), or null.</summary>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<OneToOneCall?> GetActiveCallAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync<OneToOneCall?>("GetActiveCall", [], cancellationToken);

    private void WireCallEvents() => Connection.On<CallEvent>("OnCall", e => CallChanged?.Invoke(e));
}
