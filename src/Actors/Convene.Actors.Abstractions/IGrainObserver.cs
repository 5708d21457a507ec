namespace Convene.Actors;

/// <summary>
/// An object outside the runtime (a gateway, a test) that grains call to push events.
/// Create a reference for it with <see cref="IGrainFactory.CreateObjectReference{T}"/>;
/// calls to the reference run one at a time on the observer, in order.
/// </summary>
public interface IGrainObserver : IAddressable;
