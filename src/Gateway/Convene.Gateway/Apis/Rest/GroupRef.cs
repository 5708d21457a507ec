namespace Convene.Gateway.Apis.Rest;

/// <summary>A group named by its gid.</summary>
public sealed record GroupRef(long Gid);
