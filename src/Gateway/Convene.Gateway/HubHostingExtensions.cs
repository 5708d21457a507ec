using Convene.Gateway.Auth;
using Convene.Gateway.Cors;
using Convene.Gateway.Hubs;
using Convene.Gateway.Notifications;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.AddConveneCrossOrigin();
        services.AddSingleton<RateLimitFilter>();
        services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = MaxHubMessageBytes;
            o.EnableDetailedErrors = false;
            o.AddFilter<RateLimitFilter>();
        });
        services.AddSingleton<ConnectionCounter>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<RoomEventMetrics>();
        services.AddSingleton<GatewayNode>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayNode>());
        return services;
    }

    /// <summary>Maps <c>/hub</c>, and serves <c>/sdk/convene.js</c>, the demo page at <c>/</c> and its assets.</summary>
    public static WebApplication MapConveneHub(this WebApplication app)
    {
        // Other origins allowed by Convene:Cors:Origins: CORS headers (also on the SDK's files) and the hub's Origin check.
        app.UseConveneCrossOrigin();
        // The SDK and the demo page are embedded in this assembly: the silo serves them with no build step or copy.
        var files = new EmbeddedFileProvider(typeof(HubHostingExtensions).Assembly, "Convene.Gateway.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHub<ConferenceHub>("/hub");
        return app;
    }
}
