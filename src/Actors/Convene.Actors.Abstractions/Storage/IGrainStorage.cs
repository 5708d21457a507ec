namespace Convene.Actors.Storage;

/// <summary>
/// A storage provider for grain state. Implementations store the serialised state with an ETag and
/// must refuse (with <see cref="InconsistentStateException"/>) a write or clear whose ETag is not the stored one.
/// A write is atomic: either the whole new state is stored or nothing changes.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads a record; null if none is stored.</summary>
    Task<StoredState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Writes a record if <paramref name="expectedEtag"/> matches the stored one (null: nothing stored yet). Returns the new ETag.</summary>
    Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Deletes a record if <paramref name="expectedEtag"/> matches the stored one.</summary>
    Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken);
}
