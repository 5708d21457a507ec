using Convene.Gateway.Auth;
using Convene.Gateway.Hubs;
using Convene.Gateway.Notifications;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
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
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
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
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHub<ConferenceHub>("/hub");
        return app;
    }
}
