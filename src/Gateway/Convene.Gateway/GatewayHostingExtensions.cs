using Convene.Gateway.Apis;
using Convene.Gateway.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Convene.Gateway;

/// <summary>Registers the gateway's services.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>Adds the backend API and authentication services (app token, access tokens).</summary>
    public static IHostApplicationBuilder AddConveneGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddConveneGateway();
        return builder;
    }

    /// <summary>Adds the backend API and authentication services (app token, access tokens).</summary>
    public static IServiceCollection AddConveneGateway(this IServiceCollection services)
    {
        services.AddSingleton<AppTokenVerifier>();
        services.AddSingleton<AccessTokenAuthenticator>();
        services.AddSingleton<BackendOperations>();
        services.AddConveneOpenApi();
        services.AddHostedService<AppTokenInitializer>();
        services.AddConveneHub();
        return services;
    }
}
