using Convene.Actors.Invocation;

namespace Convene.Actors.Runtime;

/// <summary>Creates grain references (checked against the registered grain classes) and observer references.</summary>
internal sealed class GrainFactory(Silo silo) : IGrainFactory
{
    internal const string ObserverPrefix = "observer:";

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException($"A grain key must be a non-empty string (asked for {typeof(TGrainInterface).Name} with key {(key is null ? "null" : "\"\"")}).", nameof(key));
        }
        var type = typeof(TGrainInterface);
        if (silo.Registry.AmbiguityOf(type) is { } classes)
        {
            throw new ArgumentException($"Grain interface {type.FullName} is implemented by {classes}: address the grain through an interface only one class implements.", nameof(TGrainInterface));
        }
        if (!type.IsInterface || silo.Registry.Find(type) is null)
        {
            throw new ArgumentException($"No grain class implements {type.FullName}: register the assembly of its grain class with AddGrains.", nameof(TGrainInterface));
        }
        return ProxyEmitter.Create<TGrainInterface>(new GrainId(silo.Registry.NameOf(type), key), silo);
    }

    public TObserver CreateObjectReference<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is not TObserver)
        {
            throw new ArgumentException($"{observer.GetType().Name} does not implement {typeof(TObserver).Name}.", nameof(observer));
        }
        if (observer is IGrainReference)
        {
            throw new ArgumentException("That is already a reference; pass the observer object itself.", nameof(observer));
        }
        var id = silo.RegisterObserver(typeof(TObserver), observer);
        return ProxyEmitter.Create<TObserver>(id, silo);
    }

    public void DeleteObjectReference<TObserver>(IGrainObserver reference) where TObserver : IGrainObserver
    {
        if (reference is not IGrainReference proxy)
        {
            throw new ArgumentException("Not an observer reference: pass what CreateObjectReference returned.", nameof(reference));
        }
        silo.UnregisterObserver(proxy.GrainId);
    }
}
