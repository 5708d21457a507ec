namespace Convene.Client.Conference;

/// <summary>A one-to-one call as the hub describes it.</summary>
/// <param name="Id">The call id.</param>
/// <param name="Caller">The caller's address.</param>
/// <param name="CallerName">The caller's display name.</param>
/// <param name="Callee">The callee's address.</param>
/// <param name="Video">A video call (false: voice only).</param>
/// <param name="State"><c>ringing</c>, <c>answered</c>, <c>busy</c>, <c>declined</c>, <c>noanswer</c>, <c>hangup</c> or <c>unreachable</c>.</param>
/// <param name="StartedAt">When it was placed.</param>
/// <param name="AnsweredAt">When it was answered, if it was.</param>
/// <param name="EndedAt">When it ended, if it did.</param>
/// <param name="EndedBy">Who ended it, if someone did.</param>
/// <param name="Reason">Why it ended.</param>
public sealed record OneToOneCall(
    string Id, string Caller, string CallerName, string Callee, bool Video, string State,
    DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt, string? EndedBy, string? Reason);
