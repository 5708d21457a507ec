namespace Convene.Actors.Runtime;

/// <summary>The lifecycle of an activation.</summary>
internal enum ActivationState
{
    /// <summary>Constructing the grain, loading state, running OnActivateAsync; calls wait.</summary>
    Activating,
    /// <summary>Processing calls.</summary>
    Valid,
    /// <summary>Running OnDeactivateAsync; new calls wait and are then sent to a new activation.</summary>
    Deactivating,
    /// <summary>Gone from the catalog; any call that still reaches it is sent on to a new activation.</summary>
    Invalid,
}
