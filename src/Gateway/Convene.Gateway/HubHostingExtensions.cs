using Convene.Gateway.Auth;
using Convene.Gateway.Hubs;
using Convene.Gateway.Notifications;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace Convene.Gateway;

/// <summary>Registers and maps the conference hub, the JS SDK and the demo page.</summary>
public static class HubHostingExtensions
{
    /// <summary>Largest hub message: a 64 KiB chat message or SDP offer plus framing.</summary>
    public const long MaxHubMessageBytes = 256 * 1024;

    /// <summary>Adds SignalR, access-token authentication, the per-connection rate limit and the gateway node.</summary>
    public static IServiceCollection AddConveneHub(this IServiceCollection services)
    {
        // Each scheme runs only on the endpoints that name it: the user's access token on /hub, the app token on /v1.
        // (With a lone scheme ASP.NET Core would make it the default and run it on every request — each backend call
        // with the app token logged a failed user authentication.)
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AppTokenAuthenticationHandler>(AppTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(AppTokenAuthenticationHandler.PolicyName, policy => policy
            .AddAuthenticationSchemes(AppTokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());
        services.AddCors();
        services.AddSingleton<RateLimitFilter>();
        services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = MaxHubMessageBytes;
            o.EnableDetailedErrors = false;
            o.AddFilter<RateLimitFilter>();
        });
        services.AddSingleton<ConnectionCounter>();
        services.AddSingleton<GatewayNode>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayNode>());
        return services;
    }

    /// <summary>Maps <c>/hub</c>, and serves <c>/sdk/convene.js</c>, the demo page at <c>/</c> and its assets.</summary>
    public static WebApplication MapConveneHub(this WebApplication app)
    {
        // The SDK and the demo page are embedded in this assembly: the silo serves them with no build step or copy.
        var files = new EmbeddedFileProvider(typeof(HubHostingExtensions).Assembly, "Convene.Gateway.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        // Pages served elsewhere may connect to /hub when their origin is allowed: an app's own page, or the SDK
        // moving to another gateway of the cluster (each gateway is its own origin). None by default.
        var origins = AllowedOrigins(app.Configuration);
        if (origins.Length > 0)
        {
            app.UseCors();
        }
        app.UseAuthentication();
        app.UseAuthorization();
        var hub = app.MapHub<ConferenceHub>("/hub");
        if (origins.Length > 0)
        {
            // Credentials: the SignalR browser client sends its negotiate request with credentials by default.
            hub.RequireCors(policy => policy.WithOrigins(origins).AllowAnyHeader().WithMethods("GET", "POST").AllowCredentials());
        }
        return app;
    }

    /// <summary><c>Convene:Hub:AllowedOrigins</c>: a comma-separated list or an array of origins (e.g. <c>https://app.example.com</c>).</summary>
    internal static string[] AllowedOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection("Convene:Hub:AllowedOrigins");
        var values = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? "").ToArray();
        return [.. values.Select(v => v.Trim().TrimEnd('/')).Where(v => v.Length > 0)];
    }
}
