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
    : BearerTokenAuthenticationHandler(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ConveneAccessToken";

    /// <inheritdoc />
    protected override string FailureMessage => "unknown, revoked or expired access token";

    /// <inheritdoc />
    protected override string? ReadToken()
    {
        string? token = Request.Query["access_token"];
        if (string.IsNullOrEmpty(token)) token = BearerHeader();
        return string.IsNullOrEmpty(token) ? null : token;
    }

    /// <inheritdoc />
    protected override async Task<Claim?> VerifyAsync(string token) =>
        await authenticator.AuthenticateAsync(token) is { } address ? new Claim(ClaimTypes.NameIdentifier, address) : null;
}
