namespace Convene.Actors;

/// <summary>Creates references to grains and observers.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrainInterface"/> with key <paramref name="key"/>.
    /// The grain is activated on its first call.</summary>
    /// <exception cref="ArgumentException">The key is null or empty, or no grain class implements the interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;

    /// <summary>A reference through which grains can call <paramref name="observer"/>.
    /// Calls are delivered one at a time, in order, with copied arguments.</summary>
    TObserver CreateObjectReference<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver;

    /// <summary>Stops delivery to an observer reference; later calls through it fail.</summary>
    void DeleteObjectReference<TObserver>(IGrainObserver reference) where TObserver : IGrainObserver;
}
