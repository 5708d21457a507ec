using Orleans.Concurrency;

namespace Convene.Grains.Calls;

/// <summary>A one-to-one call as it is now, or its record once it ended.</summary>
/// <param name="Id">The call id (32 hex digits).</param>
/// <param name="Caller">The caller's address.</param>
/// <param name="CallerName">The caller's display name.</param>
/// <param name="Callee">The callee's address.</param>
/// <param name="Video">A video call (else voice only).</param>
/// <param name="State">The state.</param>
/// <param name="StartedAt">When the caller placed it.</param>
/// <param name="AnsweredAt">When the callee answered, if it did.</param>
/// <param name="EndedAt">When it ended, if it did.</param>
/// <param name="EndedBy">Who ended it (hung up or declined); null when the server did (timeout, busy, unreachable).</param>
/// <param name="Reason">Why it ended: <c>hangup</c>, <c>declined</c>, <c>busy</c>, <c>noanswer</c>, <c>unreachable</c>, <c>disconnected</c>
/// (the party's connection went away, or its gateway stopped refreshing), <c>medialost</c> (the party's media went down and
/// did not come back within <see cref="CallOptions.MediaLossGrace"/>).</param>
[GenerateSerializer, Immutable, Alias("convene.CallInfo")]
public sealed record CallInfo(
    string Id, string Caller, string CallerName, string Callee, bool Video, CallState State,
    DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt = null, DateTimeOffset? EndedAt = null,
    string? EndedBy = null, string? Reason = null)
{
    /// <summary>Ringing or answered.</summary>
    public bool IsLive => State is CallState.Ringing or CallState.Answered;

    /// <summary>The other party of <paramref name="address"/>.</summary>
    public string PeerOf(string address) => address == Caller ? Callee : Caller;
}
