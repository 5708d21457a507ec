using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Convene.Gateway.Auth;

/// <summary>
/// Authenticates hub connections by a user's access token: <c>?access_token=</c> (what browsers'
/// WebSockets can send) or an <c>Authorization: Bearer</c> header. An unknown, revoked or expired
/// token gets 401 at negotiate, so the connection is refused before it starts.
/// </summary>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokenAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ConveneAccessToken";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = Request.Query["access_token"];
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(token) && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..].Trim();
        }
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }
        var address = await authenticator.AuthenticateAsync(token);
        if (address is null)
        {
            return AuthenticateResult.Fail("unknown, revoked or expired access token");
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, address)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
