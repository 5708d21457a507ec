using Orleans.Concurrency;

namespace Convene.Grains.Calls;

/// <summary>
/// A one-to-one call, keyed by a call id (32 hex digits, chosen by the gateway): caller, callee, state, times and
/// the call's media (a two-person room on the relay of the silo where the call is active). Live while ringing or
/// answered; once ended it keeps its record for <see cref="CallOptions.RecordRetention"/>.
/// </summary>
public interface ICallGrain : IGrainWithStringKey
{
    /// <summary>
    /// Places the call: checks that the caller may call the callee (<see cref="CallOptions.Policy"/>), that the
    /// caller is in no other call, and offers it to the callee. The result's call is <see cref="CallState.Ringing"/>,
    /// or already ended as <see cref="CallState.Busy"/> or <see cref="CallState.Unreachable"/>.
    /// </summary>
    Task<CallResult> StartAsync(CallRequest request);

    /// <summary>
    /// The callee answers (while it rings); <paramref name="publicKey"/> is relayed to the caller as is.
    /// <paramref name="gateway"/> is the id of the gateway node the answering connection is on: the call ends
    /// (<c>disconnected</c>) once that gateway's registration with the callee's user grain expires. Null: not watched.
    /// </summary>
    Task<CallResult> AnswerAsync(string address, string? publicKey, string? gateway = null);

    /// <summary>
    /// A party ends the call: while it rings, the callee declines (<see cref="CallState.Declined"/>) or the caller
    /// cancels (the callee is told it missed a call); once answered, either hangs up. <paramref name="reason"/> is
    /// <c>hangup</c> or <c>disconnected</c> (the party's connection went away, or its gateway stopped refreshing; a ringing callee whose last connection
    /// went away ends the call as <see cref="CallState.Unreachable"/>). Ending an ended call is a no-op that returns its
    /// record.
    /// </summary>
    Task<CallResult> HangupAsync(string address, string reason);

    /// <summary>A party mutes or unmutes its audio/video: the relay stops forwarding it and the peer is told.</summary>
    Task<CallResult> MuteAsync(string address, bool audioMuted, bool videoMuted);

    /// <summary>A party publishes its media (SDP offer, sendonly); the answer SDP comes back in the result.</summary>
    Task<CallResult> PublishAsync(string address, string offerSdp);

    /// <summary>A party subscribes to its peer's media once the call is answered (SDP offer, recvonly).</summary>
    Task<CallResult> SubscribeAsync(string address, bool audio, bool video, string offerSdp);

    /// <summary>
    /// From the call's media relay: a party's media connection (its publication, or its subscription to the peer) went
    /// up or down. An answered call whose party had media and has no connected peer left for
    /// <see cref="CallOptions.MediaLossGrace"/> ends (<c>medialost</c>).
    /// </summary>
    [OneWay]
    Task OnMediaConnectedAsync(string address, string streamKey, bool connected);

    /// <summary>The call (or its record), or null if there is none.</summary>
    [AlwaysInterleave]
    Task<CallInfo?> GetAsync();
}
