namespace Convene.Gateway.Apis.Rest;

/// <summary>The answer of <c>GET /v1/groups/{gid}/room</c>.</summary>
public sealed record RoomAnswer(bool Result, RoomView Room);
