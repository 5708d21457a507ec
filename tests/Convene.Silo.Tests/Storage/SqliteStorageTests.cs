using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Convene.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Hosting;

namespace Convene.Silo.Tests.Storage;

/// <summary>The storage contract on "sqlite" (a file in a temp directory), plus what only the file has.</summary>
public sealed class SqliteStorageTests : DurableStorageContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "convene-storage-" + Guid.NewGuid().ToString("N"), "data");

    protected override Task<StorageSettings> CreateStoreAsync() =>
        Task.FromResult(new StorageSettings { Provider = "sqlite", DataDirectory = _directory });

    protected override Task DeleteStoreAsync()
    {
        TestFiles.DeleteDataDirectory(Path.GetDirectoryName(_directory)!);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_file_is_in_the_data_directory()
    {
        Assert.True(File.Exists(Path.Combine(_directory, "convene.db")));
        Assert.Equal(Path.Combine(_directory, "convene.db"), Settings.SqliteFile);
    }

    [Fact]
    public async Task Stored_state_is_readable_json()
    {
        var marker = "readable-" + Guid.NewGuid().ToString("N");
        await Cluster.Client.GetGrain<INotesGrain>("notes-json").Add(marker);

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Settings.SqliteFile, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE ServiceId = $service AND PayloadBinary IS NOT NULL";
        command.Parameters.AddWithValue("$service", ServiceId);
        var payload = (byte[]?)await command.ExecuteScalarAsync();

        Assert.NotNull(payload);
        var text = Encoding.UTF8.GetString(payload);
        Assert.Contains(marker, text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
    }

    [Fact]
    public async Task A_file_of_the_previous_runtime_is_refused_with_what_to_do()
    {
        var directory = Path.Combine(Path.GetTempPath(), "convene-old-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(directory, "convene.db");
        try
        {
            Directory.CreateDirectory(directory);
            await using (var connection = new SqliteConnection($"Data Source={file}"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = """
                    CREATE TABLE grain_state (state_name TEXT NOT NULL, grain_type TEXT NOT NULL, grain_key TEXT NOT NULL,
                                              data BLOB NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (state_name, grain_type, grain_key));
                    INSERT INTO grain_state VALUES ('group', 'group', '42', '{"name":"old room"}', 3);
                    """;
                await command.ExecuteNonQueryAsync();
            }

            var cluster = StorageCluster.Build(new StorageSettings { Provider = "sqlite", DataDirectory = directory }, ServiceId);
            Exception? failure;
            try
            {
                failure = await Record.ExceptionAsync(() => cluster.DeployAsync());
            }
            finally
            {
                await Record.ExceptionAsync(() => StorageCluster.StopAsync(cluster));
            }

            Assert.NotNull(failure);
            var refusal = Flatten(failure).OfType<InvalidOperationException>().FirstOrDefault(e => e.Message.Contains("grain_state", StringComparison.Ordinal));
            Assert.True(refusal is not null, $"expected the old-format refusal, got: {failure}");
            Assert.Contains(file, refusal.Message);
            Assert.Contains("earlier version of Convene", refusal.Message);
            Assert.Contains("cannot be read by this version", refusal.Message);
            Assert.Contains("reshaped", refusal.Message);
            Assert.Contains("move or delete that file", refusal.Message);
            Assert.Contains("Convene:DataDirectory", refusal.Message);
            Assert.Contains("as JSON", refusal.Message);

            // Refused, not converted or emptied: the file is as it was.
            SqliteConnection.ClearAllPools();
            await using var check = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
            await check.OpenAsync();
            await using var tables = check.CreateCommand();
            tables.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)";
            Assert.Equal("grain_state", await tables.ExecuteScalarAsync());
            await using var rows = check.CreateCommand();
            rows.CommandText = "SELECT data FROM grain_state WHERE grain_key = '42'";
            Assert.Equal("{\"name\":\"old room\"}", await rows.ExecuteScalarAsync());
        }
        finally
        {
            TestFiles.DeleteDataDirectory(directory);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_convenes_is_refused()
    {
        var directory = Path.Combine(Path.GetTempPath(), "convene-other-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(directory, "convene.db");
        try
        {
            Directory.CreateDirectory(directory);
            await using (var connection = new SqliteConnection($"Data Source={file}"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY)";
                await command.ExecuteNonQueryAsync();
            }

            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteSchema.EnsureAsync(file, CancellationToken.None));

            Assert.Contains("not a Convene one", failure.Message);
            Assert.Contains("invoices", failure.Message);
        }
        finally
        {
            TestFiles.DeleteDataDirectory(directory);
        }
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var child in inner)
        {
            foreach (var e in Flatten(child)) yield return e;
        }
    }
}
