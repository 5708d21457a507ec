using Orleans;
using Orleans.Runtime;

namespace Convene.Silo.Storage;

/// <summary>
/// Prepares the storage's schema when the silo starts, before Orleans' storage providers initialize
/// (they read their queries from the database).
/// </summary>
internal sealed class SchemaInitializer(string name, Func<CancellationToken, Task> prepare, int stage = ServiceLifecycleStage.RuntimeInitialize) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Runs early in the runtime-initialize stage; Orleans' grain storage initializes later (application services).</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(ConveneStorage)}.{name}", stage, prepare);
}
