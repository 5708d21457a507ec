
namespace Convene.Grains.Users;

/// <summary>
/// Access-token look-up, keyed by <see cref="AccessTokenHash.Of"/> of the token: the gateway authenticates
/// a connection with one call to <see cref="ResolveAsync"/>.
/// </summary>
public interface ITokenIndexGrain : IGrainWithStringKey
{
    /// <summary>The address the token belongs to, or null if unknown, revoked or expired.</summary>
    Task<string?> ResolveAsync();

    /// <summary>Binds the token to a user (called by the user grain).</summary>
    Task SetAsync(string address, DateTimeOffset? expiresAt);

    /// <summary>Revokes the token (called by the user grain).</summary>
    Task ClearAsync();
}
