using Orleans.Concurrency;

namespace Convene.Grains.Users;

/// <summary>What <c>useradd</c> sets on a user.</summary>
/// <param name="Name">Display name; null keeps the current one.</param>
/// <param name="TokenLifetime">How long the new access token is valid; null for no expiry.</param>
[GenerateSerializer, Immutable, Alias("convene.UserProfile")]
public sealed record UserProfile(string? Name, TimeSpan? TokenLifetime);
