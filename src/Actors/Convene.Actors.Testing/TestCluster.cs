using System.Reflection;
using Convene.Actors.Hosting;
using Convene.Actors.Runtime;
using Convene.Actors.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Convene.Actors.Testing;

/// <summary>
/// An in-process silo for tests, with Orleans' TestCluster shape. Its default storage is memory that
/// outlives the silo, so <see cref="RestartSiloAsync"/> shows what survives a restart.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly Assembly[] _assemblies;
    private readonly Action<ActorsBuilder>[] _siloConfigurations;
    private readonly Action<IServiceCollection>[] _serviceConfigurations;
    private IHost? _host;

    internal TestCluster(Assembly[] assemblies, Action<ActorsBuilder>[] siloConfigurations, Action<IServiceCollection>[] serviceConfigurations)
    {
        _assemblies = assemblies;
        _siloConfigurations = siloConfigurations;
        _serviceConfigurations = serviceConfigurations;
    }

    /// <summary>The storage shared by every incarnation of the silo.</summary>
    public MemoryGrainStorage Storage { get; } = new();

    /// <summary>The grain factory of the running silo.</summary>
    public IGrainFactory GrainFactory => Silo.GrainFactory;

    /// <summary>The running silo.</summary>
    public Silo Silo => _host?.Services.GetRequiredService<Silo>() ?? throw new InvalidOperationException("The cluster is not deployed: call DeployAsync first.");

    /// <summary>The running silo's services.</summary>
    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("The cluster is not deployed.");

    /// <summary>Starts the silo.</summary>
    public async Task DeployAsync()
    {
        if (_host is not null) throw new InvalidOperationException("The cluster is already deployed.");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseConveneActors(actors =>
        {
            foreach (var assembly in _assemblies) actors.AddGrains(assembly);
            actors.UseStorage(GrainStorageNames.Default, _ => Storage);
            foreach (var configure in _siloConfigurations) configure(actors);
        });
        foreach (var configure in _serviceConfigurations) configure(builder.Services);
        _host = builder.Build();
        await _host.StartAsync();
    }

    /// <summary>Stops the silo gracefully (activations deactivate) and starts a new one on the same storage.</summary>
    public async Task RestartSiloAsync()
    {
        await StopAllSilosAsync();
        await DeployAsync();
    }

    /// <summary>Stops the silo gracefully.</summary>
    public async Task StopAllSilosAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAllSilosAsync();
}
