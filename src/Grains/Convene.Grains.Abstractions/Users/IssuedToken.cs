using Orleans.Concurrency;

namespace Convene.Grains.Users;

/// <summary>A newly issued access token. The token itself is returned only here, once; only its hash is stored.</summary>
/// <param name="Address">The user's address.</param>
/// <param name="Token">The access token.</param>
/// <param name="ExpiresAt">When it stops being accepted; null for never.</param>
/// <param name="Created">True if the user was created, false if an existing user's token was regenerated.</param>
[GenerateSerializer, Immutable, Alias("convene.IssuedToken")]
public sealed record IssuedToken(string Address, string Token, DateTimeOffset? ExpiresAt, bool Created);
