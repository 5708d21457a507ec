namespace Convene.Gateway.Hubs;

/// <summary>
/// A one-to-one call as clients see it. <c>State</c> is one of <c>ringing</c>, <c>answered</c>, <c>busy</c>,
/// <c>declined</c>, <c>noanswer</c>, <c>hangup</c>, <c>unreachable</c>; <c>Reason</c> says why it ended.
/// </summary>
public sealed record CallDto(
    string Id, string Caller, string CallerName, string Callee, bool Video, string State,
    DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt, string? EndedBy, string? Reason);
