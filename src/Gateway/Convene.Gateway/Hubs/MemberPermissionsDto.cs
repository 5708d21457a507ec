namespace Convene.Gateway.Hubs;

/// <summary>Member permissions (the spec's send, recv, pub, sub, list); in a request null leaves one as it is.</summary>
public sealed record MemberPermissionsDto(bool? Send = null, bool? Recv = null, bool? Pub = null, bool? Sub = null, bool? List = null);
