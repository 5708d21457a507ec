using Microsoft.Data.Sqlite;

namespace Convene.Actors.Storage;

/// <summary>
/// Grain storage in one SQLite file: the embedded default. Each record is one row whose integer
/// version is its ETag; a write is a single conditional statement, so it is atomic and a stale
/// ETag changes nothing.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private readonly string _connectionString;

    /// <summary>Opens (and creates if needed) the database at <paramref name="path"/>.</summary>
    public SqliteGrainStorage(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS grain_state (
                state_name TEXT NOT NULL,
                grain_type TEXT NOT NULL,
                grain_key  TEXT NOT NULL,
                data       BLOB NOT NULL,
                version    INTEGER NOT NULL,
                PRIMARY KEY (state_name, grain_type, grain_key));
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task<StoredState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = Command(connection, "SELECT data, version FROM grain_state WHERE state_name = $s AND grain_type = $t AND grain_key = $k", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredState((byte[])reader.GetValue(0), reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        var sql = expectedEtag is null
            ? "INSERT INTO grain_state (state_name, grain_type, grain_key, data, version) VALUES ($s, $t, $k, $d, 1) ON CONFLICT DO NOTHING RETURNING version"
            : "UPDATE grain_state SET data = $d, version = version + 1 WHERE state_name = $s AND grain_type = $t AND grain_key = $k AND version = $v RETURNING version";
        await using var command = Command(connection, sql, stateName, grainId);
        command.Parameters.AddWithValue("$d", data.ToArray());
        if (expectedEtag is not null) command.Parameters.AddWithValue("$v", ParseEtag(expectedEtag));
        var version = await command.ExecuteScalarAsync(cancellationToken);
        if (version is null)
        {
            var current = await ReadAsync(stateName, grainId, cancellationToken);
            throw MemoryGrainStorage.Inconsistent("write", stateName, grainId, current?.Etag, expectedEtag);
        }
        return ((long)version).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        var sql = expectedEtag is null
            ? "SELECT COUNT(*) FROM grain_state WHERE state_name = $s AND grain_type = $t AND grain_key = $k"
            : "DELETE FROM grain_state WHERE state_name = $s AND grain_type = $t AND grain_key = $k AND version = $v";
        await using var command = Command(connection, sql, stateName, grainId);
        if (expectedEtag is not null) command.Parameters.AddWithValue("$v", ParseEtag(expectedEtag));
        var affected = expectedEtag is null ? Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) : await command.ExecuteNonQueryAsync(cancellationToken);
        var ok = expectedEtag is null ? affected == 0 : affected == 1;
        if (!ok)
        {
            var current = await ReadAsync(stateName, grainId, cancellationToken);
            throw MemoryGrainStorage.Inconsistent("clear", stateName, grainId, current?.Etag, expectedEtag);
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", stateName);
        command.Parameters.AddWithValue("$t", grainId.Type);
        command.Parameters.AddWithValue("$k", grainId.Key);
        return command;
    }

    private static long ParseEtag(string etag) =>
        long.TryParse(etag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw new InconsistentStateException($"ETag '{etag}' is not one this storage issued.", null, etag);
}
