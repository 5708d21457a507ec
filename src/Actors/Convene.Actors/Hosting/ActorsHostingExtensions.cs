using Convene.Actors.Placement;
using Convene.Actors.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Convene.Actors.Hosting;

/// <summary>Adds the actor runtime (one silo) to a host.</summary>
public static class ActorsHostingExtensions
{
    /// <summary>Runs a silo in this host.</summary>
    public static IHostApplicationBuilder UseConveneActors(this IHostApplicationBuilder builder, Action<ActorsBuilder> configure)
    {
        builder.Services.AddConveneActors(configure);
        return builder;
    }

    /// <summary>Runs a silo in this host.</summary>
    public static IHostBuilder UseConveneActors(this IHostBuilder builder, Action<ActorsBuilder> configure) =>
        builder.ConfigureServices(services => services.AddConveneActors(configure));

    /// <summary>Registers a silo, its grain factory and its options.</summary>
    public static IServiceCollection AddConveneActors(this IServiceCollection services, Action<ActorsBuilder> configure)
    {
        var actors = new ActorsBuilder(services);
        configure(actors);
        services.AddOptions<SiloOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPlacementStrategy, LocalPlacement>();
        services.TryAddSingleton<IGrainDirectory, LocalGrainDirectory>();
        services.AddSingleton(new GrainTypeRegistry(actors.GrainAssemblies));
        services.AddSingleton<Silo>();
        services.AddHostedService(sp => sp.GetRequiredService<Silo>());
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<Silo>().GrainFactory);
        return services;
    }
}
