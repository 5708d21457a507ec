using System.Reflection;
using Convene.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Actors.Testing;

/// <summary>Builds a <see cref="TestCluster"/>: an in-process silo with memory storage.</summary>
public sealed class TestClusterBuilder
{
    private readonly List<Assembly> _assemblies = [];
    private readonly List<Action<ActorsBuilder>> _siloConfigurations = [];
    private readonly List<Action<IServiceCollection>> _serviceConfigurations = [];

    /// <summary>Registers the grain classes of <paramref name="assembly"/>.</summary>
    public TestClusterBuilder AddGrains(Assembly assembly)
    {
        _assemblies.Add(assembly);
        return this;
    }

    /// <summary>Further configures the silo (options, extra storage providers).</summary>
    public TestClusterBuilder ConfigureSilo(Action<ActorsBuilder> configure)
    {
        _siloConfigurations.Add(configure);
        return this;
    }

    /// <summary>Adds services the grains need.</summary>
    public TestClusterBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        _serviceConfigurations.Add(configure);
        return this;
    }

    /// <summary>Creates the cluster; call <see cref="TestCluster.DeployAsync"/> to start it.</summary>
    public TestCluster Build() => new([.. _assemblies], [.. _siloConfigurations], [.. _serviceConfigurations]);
}
