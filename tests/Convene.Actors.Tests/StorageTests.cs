using Convene.Actors.Storage;
using Convene.Actors.Tests.Grains;

namespace Convene.Actors.Tests;

public sealed class StorageTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"convene-storage-{Guid.NewGuid():N}.db");

    public static TheoryData<string> Providers => new() { "memory", "sqlite" };

    private IGrainStorage Create(string kind) => kind == "memory" ? new MemoryGrainStorage() : new SqliteGrainStorage(_path);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_write_with_a_stale_etag_fails_and_changes_nothing(string kind)
    {
        var storage = Create(kind);
        var id = new GrainId("T", "k");
        var first = await storage.WriteAsync("s", id, "1"u8.ToArray(), null, default);
        var second = await storage.WriteAsync("s", id, "2"u8.ToArray(), first, default);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync("s", id, "3"u8.ToArray(), first, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync("s", id, "4"u8.ToArray(), null, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync("s", id, first, default));

        Assert.Equal(second, error.StoredEtag);
        var stored = await storage.ReadAsync("s", id, default);
        Assert.Equal("2"u8.ToArray(), stored!.Data);
        Assert.Equal(second, stored.Etag);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Clear_removes_the_record(string kind)
    {
        var storage = Create(kind);
        var id = new GrainId("T", "gone");
        var etag = await storage.WriteAsync("s", id, "x"u8.ToArray(), null, default);

        await storage.ClearAsync("s", id, etag, default);

        Assert.Null(await storage.ReadAsync("s", id, default));
        Assert.NotNull(await storage.WriteAsync("s", id, "y"u8.ToArray(), null, default));
    }

    [Fact]
    public async Task A_grain_whose_state_changed_behind_it_gets_an_inconsistent_state_error()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("raced");
        await grain.AddAsync(1);
        await grain.SaveAsync();
        var id = new GrainId(typeof(ICounterGrain).FullName!, "raced");
        var stored = await cluster.Storage.ReadAsync("counter", id, default);
        await cluster.Storage.WriteAsync("counter", id, "{\"Value\":99}"u8.ToArray(), stored!.Etag, default);

        await grain.AddAsync(1);
        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SaveAsync());

        var after = await cluster.Storage.ReadAsync("counter", id, default);
        Assert.Equal("{\"Value\":99}", System.Text.Encoding.UTF8.GetString(after!.Data));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_path) + "*")) File.Delete(file);
    }
}
