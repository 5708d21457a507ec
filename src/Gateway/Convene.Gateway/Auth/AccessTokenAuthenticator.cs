using Convene.Grains;
using Convene.Grains.Users;

namespace Convene.Gateway.Auth;

/// <summary>Authenticates a user's access token (issued by <c>useradd</c>) with one grain call.</summary>
public sealed class AccessTokenAuthenticator(IGrainFactory grains)
{
    /// <summary>The user's address, or null if the token is unknown, revoked or expired.</summary>
    public Task<string?> AuthenticateAsync(string? accessToken)
    {
        if (string.IsNullOrEmpty(accessToken) || accessToken.Length > Limits.MaxAddressLength * 4)
        {
            return Task.FromResult<string?>(null);
        }
        return grains.GetGrain<ITokenIndexGrain>(AccessTokenHash.Of(accessToken)).ResolveAsync();
    }
}
