using Convene.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Hosting;
namespace Convene.Silo.Tests.Storage;

/// <summary>The test grain's persisted state: a list and a counter, enough to see a round trip.</summary>
[GenerateSerializer]
public sealed class NotesState
{
    /// <summary>The notes, in order of writing.</summary>
    [Id(0)] public List<string> Notes { get; set; } = [];

    /// <summary>How many writes this state has seen.</summary>
    [Id(1)] public int Writes { get; set; }
}

/// <summary>A grain with one piece of state in Convene's storage provider.</summary>
public interface INotesGrain : IGrainWithStringKey
{
    /// <summary>Appends a note and writes the state.</summary>
    Task Add(string note);

    /// <summary>The current state.</summary>
    Task<NotesState> Get();

    /// <summary>Clears the state in storage.</summary>
    Task Clear();
}

/// <summary>Stores its notes under the name "notes" in <see cref="ConveneStorage.Name"/>.</summary>
public sealed class NotesGrain([PersistentState("notes", ConveneStorage.Name)] IPersistentState<NotesState> state) : Grain, INotesGrain
{
    /// <inheritdoc />
    public async Task Add(string note)
    {
        state.State.Notes.Add(note);
        state.State.Writes++;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<NotesState> Get() => Task.FromResult(state.State);

    /// <inheritdoc />
    public Task Clear() => state.ClearStateAsync();
}
