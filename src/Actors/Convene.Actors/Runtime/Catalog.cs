using System.Collections.Concurrent;
using Convene.Actors.Placement;

namespace Convene.Actors.Runtime;

/// <summary>The activations of one silo: exactly one per grain id, created on first call.</summary>
internal sealed class Catalog(Silo silo, GrainTypeRegistry registry, IGrainDirectory directory, IPlacementStrategy placement)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();

    public int Count => _activations.Count;

    public ICollection<ActivationData> Activations => _activations.Values;

    /// <summary>The activation of <paramref name="id"/>, activating it if there is none.</summary>
    public ActivationData GetOrCreate(GrainId id)
    {
        while (true)
        {
            if (_activations.TryGetValue(id, out var existing)) return existing;
            var grainClass = registry.FindByName(id.Type)
                ?? throw new ArgumentException($"No grain class implements {id.Type}.");
            // One silo: placement can only choose this one. Silo-to-silo forwarding comes with clustering.
            var target = directory.Lookup(id) ?? placement.Place(id, [silo.Address], silo.Address);
            if (target != silo.Address)
            {
                throw new GrainUnavailableException($"Grain {id} lives on silo {target}, and forwarding between silos is not available yet.");
            }
            var created = new ActivationData(silo, id, grainClass);
            if (_activations.TryAdd(id, created))
            {
                directory.Register(id, silo.Address);
                created.Start();
                return created;
            }
        }
    }

    public void Remove(ActivationData activation)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation)))
        {
            directory.Unregister(activation.GrainId, silo.Address);
        }
    }
}
