using System.Security.Claims;
using System.Text.Encodings.Web;
using Convene.Gateway.Apis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Convene.Gateway.Auth;

/// <summary>
/// Authenticates the app's server on the REST API (<c>/v1</c>) by the app token in <c>Authorization: Bearer</c>.
/// Runs only on the endpoints that require it; a missing or wrong token is answered 401 with the API's JSON error
/// (<c>AUTHFAIL</c>). The <c>/api</c> envelope checks the token itself (it may also come in the body or the query).
/// </summary>
public sealed class AppTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AppTokenVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ConveneAppToken";

    /// <summary>The authorization policy of the REST API: authenticated by this scheme.</summary>
    public const string PolicyName = "ConveneBackend";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        if (!await verifier.VerifyAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted))
        {
            return AuthenticateResult.Fail("wrong app token");
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, "backend")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var answer = ApiResponse.Error(StatusCodes.Status401Unauthorized, "token: missing or wrong app token", code: ApiErrorCodes.AuthFail);
        Response.StatusCode = answer.StatusCode;
        Response.ContentType = "application/json";
        return Response.WriteAsync(answer.Body.ToJsonString(), Context.RequestAborted);
    }
}
