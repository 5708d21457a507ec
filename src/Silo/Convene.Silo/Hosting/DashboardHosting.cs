using Convene.Gateway.Auth;
using Orleans.Dashboard;

namespace Convene.Silo.Hosting;

/// <summary>
/// Orleans' dashboard (grain statistics for operators) at <c>/dashboard</c>: off unless
/// <c>Convene:Dashboard:Enabled</c>, and then only for holders of the app token — given once as
/// <c>/dashboard/?token=…</c> or an <c>Authorization: Bearer</c> header, then kept in an HTTP-only cookie scoped
/// to the dashboard's path, so the page's own requests carry it.
/// </summary>
internal static class DashboardHosting
{
    public const string Path = "/dashboard";
    private const string Cookie = "convene_dashboard";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Convene:Dashboard:Enabled", false);

    public static void AddDashboard(ISiloBuilder silo) => silo.AddDashboard();

    public static void MapDashboard(WebApplication app)
    {
        app.MapOrleansDashboard(routePrefix: Path).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var header = http.Request.Headers.Authorization.ToString();
            var offered = http.Request.Query["token"].FirstOrDefault()
                ?? (header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null);
            var token = offered ?? http.Request.Cookies[Cookie];
            var verifier = http.RequestServices.GetRequiredService<AppTokenVerifier>();
            if (!await verifier.VerifyAsync(token, http.RequestAborted))
            {
                return Results.Json(new { result = false, error = "token: missing or wrong app token" }, statusCode: StatusCodes.Status401Unauthorized);
            }
            if (offered is not null)
            {
                http.Response.Cookies.Append(Cookie, offered, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = Path });
            }
            return await next(context);
        });
    }
}
