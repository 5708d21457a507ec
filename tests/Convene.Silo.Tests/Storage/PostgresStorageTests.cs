using Npgsql;
using Convene.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Hosting;

namespace Convene.Silo.Tests.Storage;

/// <summary>The storage contract on "postgres": the server from ./test.sh, a new database per test (so the schema is created each time).</summary>
public sealed class PostgresStorageTests : DurableStorageContract
{
    private readonly string _database = "convene_" + Guid.NewGuid().ToString("N");
    private string? _admin;

    protected override async Task<StorageSettings> CreateStoreAsync()
    {
        _admin = TestServices.Require(TestServices.Postgres);
        await ExecuteAsync(_admin, $"CREATE DATABASE {_database}");
        return new StorageSettings { Provider = "postgres", PostgresConnectionString = ConnectionString() };
    }

    protected override async Task DeleteStoreAsync()
    {
        if (_admin is null) return;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    [Fact]
    public async Task The_schema_is_created_once_and_clustering_tables_on_request()
    {
        Assert.Equal(0, await TableCountAsync("orleansmembershiptable"));
        var queries = await CountAsync("SELECT count(*) FROM orleansquery");

        await ConveneStorage.EnsurePostgresSchemaAsync(ConnectionString(), CancellationToken.None);
        await ConveneStorage.EnsurePostgresSchemaAsync(ConnectionString(), CancellationToken.None);

        Assert.Equal(1, await TableCountAsync("orleansstorage"));
        Assert.Equal(1, await TableCountAsync("orleansmembershiptable"));
        Assert.True(await CountAsync("SELECT count(*) FROM orleansquery") > queries);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntriesKey'"));
    }

    private string ConnectionString() => new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ToString();

    private Task<long> TableCountAsync(string table) =>
        CountAsync($"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'");

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
