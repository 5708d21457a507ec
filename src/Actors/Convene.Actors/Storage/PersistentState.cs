using System.Text.Json;
using Convene.Actors.Runtime;
using Convene.Actors.Serialization;

namespace Convene.Actors.Storage;

/// <summary>A grain's persistent state bound to a storage provider.</summary>
internal sealed class PersistentState<TState>(string stateName, GrainId grainId, IGrainStorage storage)
    : IPersistentState<TState>, IStateLoader where TState : new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync()
    {
        var stored = await storage.ReadAsync(stateName, grainId, CancellationToken.None);
        if (stored is null)
        {
            State = new TState();
            Etag = null;
            return;
        }
        State = JsonSerializer.Deserialize<TState>(stored.Data, ActorJson.Options) ?? new TState();
        Etag = stored.Etag;
    }

    public async Task WriteStateAsync()
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(State, ActorJson.Options);
        Etag = await storage.WriteAsync(stateName, grainId, data, Etag, CancellationToken.None);
    }

    public async Task ClearStateAsync()
    {
        await storage.ClearAsync(stateName, grainId, Etag, CancellationToken.None);
        State = new TState();
        Etag = null;
    }
}
