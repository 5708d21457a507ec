using Orleans.Concurrency;

namespace Convene.Grains.Users;

/// <summary>A user as stored (never the token).</summary>
/// <param name="Address">The user's address.</param>
/// <param name="Name">Display name.</param>
/// <param name="CreatedAt">When the user was added.</param>
/// <param name="TokenExpiresAt">When the current access token expires; null for never.</param>
[GenerateSerializer, Immutable, Alias("convene.UserInfo")]
public sealed record UserInfo(string Address, string Name, DateTimeOffset CreatedAt, DateTimeOffset? TokenExpiresAt);
