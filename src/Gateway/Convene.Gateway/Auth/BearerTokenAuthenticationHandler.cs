using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Convene.Gateway.Auth;

/// <summary>
/// The shape the gateway's token schemes share: read a token from the request (none: no result), verify it (wrong:
/// fail with <see cref="FailureMessage"/>), and on success a principal holding the one claim the verification gave,
/// authenticated by this scheme.
/// </summary>
public abstract class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Why a token that was sent is refused (the failure's message).</summary>
    protected abstract string FailureMessage { get; }

    /// <summary>The token this request carries, or null when it carries none (then the scheme has no result).</summary>
    protected abstract string? ReadToken();

    /// <summary>The claim a valid <paramref name="token"/> gives its bearer, or null when the token is not valid.</summary>
    protected abstract Task<Claim?> VerifyAsync(string token);

    /// <summary>The token of an <c>Authorization: Bearer</c> header, trimmed, or null without one.</summary>
    protected string? BearerHeader()
    {
        var header = Request.Headers.Authorization.ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;
    }

    /// <inheritdoc />
    protected sealed override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }
        var claim = await VerifyAsync(token);
        if (claim is null)
        {
            return AuthenticateResult.Fail(FailureMessage);
        }
        var identity = new ClaimsIdentity([claim], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
