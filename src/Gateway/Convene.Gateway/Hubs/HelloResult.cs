namespace Convene.Gateway.Hubs;

/// <summary>Who the connection is authenticated as.</summary>
public sealed record HelloResult(string Address, string Name);
