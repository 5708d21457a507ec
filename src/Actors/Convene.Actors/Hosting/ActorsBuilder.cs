using System.Reflection;
using Convene.Actors.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Actors.Hosting;

/// <summary>Configures a silo's actor runtime: grain assemblies, storage providers and options.</summary>
public sealed class ActorsBuilder
{
    internal ActorsBuilder(IServiceCollection services) => Services = services;

    /// <summary>The host's services.</summary>
    public IServiceCollection Services { get; }

    internal List<Assembly> GrainAssemblies { get; } = [];

    /// <summary>Registers the grain classes of <paramref name="assembly"/>.</summary>
    public ActorsBuilder AddGrains(Assembly assembly)
    {
        GrainAssemblies.Add(assembly);
        return this;
    }

    /// <summary>Uses process memory as storage provider <paramref name="name"/>.</summary>
    public ActorsBuilder UseMemoryStorage(string name = GrainStorageNames.Default)
    {
        Services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new MemoryGrainStorage());
        return this;
    }

    /// <summary>Uses the SQLite file at <paramref name="path"/> as storage provider <paramref name="name"/>.</summary>
    public ActorsBuilder UseSqliteStorage(string path, string name = GrainStorageNames.Default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new SqliteGrainStorage(path));
        return this;
    }

    /// <summary>Registers a storage provider built from the services.</summary>
    public ActorsBuilder UseStorage(string name, Func<IServiceProvider, IGrainStorage> factory)
    {
        Services.AddKeyedSingleton(name, (sp, _) => factory(sp));
        return this;
    }

    /// <summary>Changes the silo's options.</summary>
    public ActorsBuilder Configure(Action<SiloOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
