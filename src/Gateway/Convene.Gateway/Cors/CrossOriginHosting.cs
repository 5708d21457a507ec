using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Convene.Gateway.Cors;

/// <summary>
/// Cross-origin access from <see cref="CrossOriginOptions"/>: CORS headers (with credentials: SignalR's browser client
/// negotiates with them) on <c>/sdk/</c>, <c>/lib/</c>, <c>/hub</c>, <c>/api</c>, <c>/v1</c> and <c>/openapi</c>, and an
/// <c>Origin</c> check on <c>/hub</c> — a browser's WebSocket is not subject to CORS, so a page from an origin not
/// allowed is refused there with 403 whatever transport it tries.
/// </summary>
public static class CrossOriginHosting
{
    /// <summary>The CORS policy's name.</summary>
    public const string PolicyName = "Convene";

    private static readonly string[] _paths = ["/sdk", "/lib", "/hub", "/api", "/api.php", "/v1", "/openapi"];

    /// <summary>Reads and validates the allowed origins at start, and registers the CORS policy.</summary>
    public static IServiceCollection AddConveneCrossOrigin(this IServiceCollection services)
    {
        services.AddOptions<CrossOriginOptions>()
            .Configure<IConfiguration>((options, configuration) => options.Origins =
                [.. Read(configuration, CrossOriginOptions.ConfigurationKey).Concat(Read(configuration, CrossOriginOptions.LegacyConfigurationKey)).Distinct(StringComparer.OrdinalIgnoreCase)])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CrossOriginOptions>, CrossOriginOptionsValidator>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CrossOriginOptions>>((cors, origins) =>
            cors.AddPolicy(PolicyName, policy => policy
                .WithOrigins(origins.Value.Origins)
                .AllowAnyHeader()
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .AllowCredentials()));
        return services;
    }

    /// <summary>Adds the CORS headers and the hub's origin check; call before the static files.</summary>
    public static WebApplication UseConveneCrossOrigin(this WebApplication app)
    {
        var origins = app.Services.GetRequiredService<IOptions<CrossOriginOptions>>().Value;
        app.UseWhen(http => _paths.Any(p => http.Request.Path.StartsWithSegments(p)), branch =>
        {
            branch.UseCors(PolicyName);
            branch.UseWhen(http => http.Request.Path.StartsWithSegments("/hub"), hub => hub.Use((http, next) =>
            {
                var origin = http.Request.Headers.Origin.ToString();
                if (origin.Length == 0 || IsOwn(http.Request, origin) || origins.Allows(origin))
                {
                    return next(http);
                }
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }));
        });
        return app;
    }

    /// <summary>The first invalid origin with why, or null when all are valid.</summary>
    internal static string? Invalid(IEnumerable<string> origins)
    {
        foreach (var origin in origins)
        {
            if (origin == "*")
            {
                return "'*' is not allowed: list the origins (the SDK's requests carry credentials)";
            }
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                return $"'{origin}' is not an origin: expected scheme://host[:port], e.g. https://app.example.com";
            }
        }
        return null;
    }

    private static bool IsOwn(HttpRequest request, string origin) =>
        string.Equals(origin.TrimEnd('/'), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Read(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return values.Select(v => v.Trim().TrimEnd('/')).Where(v => v.Length > 0).Select(v => v.ToLowerInvariant());
    }
}
