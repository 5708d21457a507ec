using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Storage;

namespace Convene.Grains.Tests.Grains;

/// <summary>Grain state kept by the test process: survives stopping and restarting every silo of a cluster.</summary>
public sealed class SharedGrainStore
{
    internal ConcurrentDictionary<string, (BinaryData Data, string ETag)> Entries { get; } = new(StringComparer.Ordinal);
}

/// <summary>A grain-storage provider over a <see cref="SharedGrainStore"/>, with ETag checks like a real one.</summary>
internal sealed class SharedGrainStorage(SharedGrainStore store, IGrainStorageSerializer serializer) : IGrainStorage
{
    private static string Key(string stateName, GrainId grainId) => $"{stateName}|{grainId}";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (store.Entries.TryGetValue(Key(stateName, grainId), out var entry))
        {
            grainState.State = serializer.Deserialize<T>(entry.Data);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        lock (store)
        {
            CheckETag(key, grainState.ETag);
            var etag = Guid.NewGuid().ToString("N");
            store.Entries[key] = (serializer.Serialize(grainState.State), etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        lock (store)
        {
            CheckETag(key, grainState.ETag);
            store.Entries.TryRemove(key, out _);
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = Activator.CreateInstance<T>();
        }
        return Task.CompletedTask;
    }

    private void CheckETag(string key, string? etag)
    {
        var stored = store.Entries.TryGetValue(key, out var entry) ? entry.ETag : null;
        if (stored != etag)
        {
            throw new InconsistentStateException($"ETag mismatch for {key}", stored, etag);
        }
    }
}
