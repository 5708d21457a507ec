using System.Collections.Concurrent;

namespace Convene.Actors.Storage;

/// <summary>Grain storage in process memory: for tests and ephemeral silos. Lost when the process ends.</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string, GrainId), StoredState> _records = new();
    private long _version;

    /// <inheritdoc />
    public Task<StoredState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue((stateName, grainId), out var s) ? s with { Data = (byte[])s.Data.Clone() } : null);

    /// <inheritdoc />
    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken)
    {
        var key = (stateName, grainId);
        var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var record = new StoredState(data.ToArray(), etag);
        lock (_records)
        {
            _records.TryGetValue(key, out var current);
            if (current?.Etag != expectedEtag)
            {
                throw Inconsistent("write", stateName, grainId, current?.Etag, expectedEtag);
            }
            _records[key] = record;
        }
        return Task.FromResult(etag);
    }

    /// <inheritdoc />
    public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            _records.TryGetValue((stateName, grainId), out var current);
            if (current?.Etag != expectedEtag)
            {
                throw Inconsistent("clear", stateName, grainId, current?.Etag, expectedEtag);
            }
            _records.TryRemove((stateName, grainId), out _);
        }
        return Task.CompletedTask;
    }

    internal static InconsistentStateException Inconsistent(string operation, string stateName, GrainId grainId, string? stored, string? held) =>
        new($"Cannot {operation} state '{stateName}' of grain {grainId}: it was changed since it was read (stored ETag '{stored ?? "none"}', held ETag '{held ?? "none"}').", stored, held);
}
