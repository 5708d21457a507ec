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
    : BearerTokenAuthenticationHandler(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ConveneAppToken";

    /// <summary>The authorization policy of the REST API: authenticated by this scheme.</summary>
    public const string PolicyName = "ConveneBackend";

    /// <inheritdoc />
    protected override string FailureMessage => "wrong app token";

    /// <inheritdoc />
    protected override string? ReadToken() => BearerHeader();

    /// <inheritdoc />
    protected override async Task<Claim?> VerifyAsync(string token) =>
        await verifier.VerifyAsync(token, Context.RequestAborted) ? new Claim(ClaimTypes.Role, "backend") : null;

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var answer = ApiResponse.Error(StatusCodes.Status401Unauthorized, "token: missing or wrong app token", code: ApiErrorCodes.AuthFail);
        Response.StatusCode = answer.StatusCode;
        Response.ContentType = "application/json";
        return Response.WriteAsync(answer.Body.ToJsonString(), Context.RequestAborted);
    }
}
