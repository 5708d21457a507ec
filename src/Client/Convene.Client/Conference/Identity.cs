namespace Convene.Client.Conference;

/// <summary>Who a connection is authenticated as.</summary>
/// <param name="Address">The user's address.</param>
/// <param name="Name">The user's display name.</param>
public sealed record Identity(string Address, string Name);
