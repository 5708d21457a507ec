namespace Convene.Gateway.Apis.Rest;

/// <summary>Which page of the member list this is.</summary>
public sealed record MembersPage(long Gid, int Total, int Offset, int Count);
