using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Convene.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Hosting;

namespace Convene.Silo.Tests.Storage;

/// <summary>
/// What every Convene storage provider must do, run against each of them (the derived classes).
/// Each test gets its own store (or its own part of one) and its own service id, so runs do not collide.
/// </summary>
public abstract class StorageContract : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    /// <summary>A fresh service id per test: stored state is keyed by it.</summary>
    protected string ServiceId { get; } = "convene-test-" + Guid.NewGuid().ToString("N");

    /// <summary>The settings of this test's store; set by <see cref="InitializeAsync"/>.</summary>
    protected StorageSettings Settings { get; private set; } = null!;

    /// <summary>The running cluster.</summary>
    protected InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not running.");

    /// <summary>Prepares a store for this test (a temp directory, a container, a database) and returns its settings.</summary>
    protected abstract Task<StorageSettings> CreateStoreAsync();

    /// <summary>Removes what <see cref="CreateStoreAsync"/> made.</summary>
    protected abstract Task DeleteStoreAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Settings = await CreateStoreAsync();
        _cluster = await StorageCluster.StartAsync(Settings, ServiceId);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        try
        {
            await StopClusterAsync();
        }
        finally
        {
            if (Settings is not null) await DeleteStoreAsync();
        }
    }

    /// <summary>Stops the whole cluster (every silo and the client).</summary>
    protected async Task StopClusterAsync()
    {
        if (_cluster is { } cluster)
        {
            _cluster = null;
            await StorageCluster.StopAsync(cluster);
        }
    }

    /// <summary>Starts a new cluster on the same store and service id.</summary>
    protected async Task StartClusterAsync()
    {
        Assert.Null(_cluster);
        _cluster = await StorageCluster.StartAsync(Settings, ServiceId);
    }

    /// <summary>A grain with a key no other test uses.</summary>
    protected INotesGrain NewGrain() => Cluster.Client.GetGrain<INotesGrain>("notes-" + Guid.NewGuid().ToString("N"));

    /// <summary>Convene's grain storage as the silo resolves it.</summary>
    protected IGrainStorage GrainStorage() =>
        Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ConveneStorage.Name);

    [Fact]
    public async Task A_write_is_read_back_after_the_grain_deactivates()
    {
        var grain = NewGrain();
        await grain.Add("first");
        await grain.Add("second");

        await Cluster.DeactivateAsync(grain);
        var state = await grain.Get();

        Assert.Equal(["first", "second"], state.Notes);
        Assert.Equal(2, state.Writes);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_and_changes_nothing()
    {
        var storage = GrainStorage();
        var grainId = GrainId.Create("notes", Guid.NewGuid().ToString("N"));
        var original = new GrainState<NotesState>(new NotesState { Notes = ["original"], Writes = 1 });
        await storage.WriteStateAsync("notes", grainId, original);
        Assert.False(string.IsNullOrEmpty(original.ETag));
        var staleEtag = original.ETag;

        var winner = new GrainState<NotesState>(new NotesState { Notes = ["winner"], Writes = 2 }) { ETag = staleEtag };
        await storage.WriteStateAsync("notes", grainId, winner);
        Assert.NotEqual(staleEtag, winner.ETag);

        var loser = new GrainState<NotesState>(new NotesState { Notes = ["loser"], Writes = 2 }) { ETag = staleEtag };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("notes", grainId, loser));

        var read = new GrainState<NotesState>(new NotesState());
        await storage.ReadStateAsync("notes", grainId, read);
        Assert.Equal(["winner"], read.State!.Notes);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_removes_the_state()
    {
        var grain = NewGrain();
        await grain.Add("to be cleared");

        await grain.Clear();
        await Cluster.DeactivateAsync(grain);
        var state = await grain.Get();

        Assert.Empty(state.Notes);
        Assert.Equal(0, state.Writes);
    }

    [Fact]
    public async Task A_cleared_state_can_be_written_again()
    {
        var grain = NewGrain();
        await grain.Add("before");
        await grain.Clear();

        await grain.Add("after");
        await Cluster.DeactivateAsync(grain);
        var state = await grain.Get();

        Assert.Equal(["after"], state.Notes);
    }
}
