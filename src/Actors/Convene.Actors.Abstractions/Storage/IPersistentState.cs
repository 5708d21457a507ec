namespace Convene.Actors.Storage;

/// <summary>A grain's persisted state, loaded before <see cref="Grain.OnActivateAsync"/>.</summary>
/// <typeparam name="TState">The state record; serialised as JSON.</typeparam>
public interface IPersistentState<TState> where TState : new()
{
    /// <summary>The current state (a new instance when nothing is stored).</summary>
    TState State { get; set; }

    /// <summary>The ETag of the stored version this state was read from or written as; null if none.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored record exists.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage.</summary>
    Task ReadStateAsync();

    /// <summary>Writes the state; fails with <see cref="InconsistentStateException"/> if storage holds a newer version.</summary>
    Task WriteStateAsync();

    /// <summary>Deletes the stored record and resets the state to a new instance.</summary>
    Task ClearStateAsync();
}
