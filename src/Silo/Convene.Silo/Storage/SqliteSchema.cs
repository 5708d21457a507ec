using Microsoft.Data.Sqlite;

namespace Convene.Silo.Storage;

/// <summary>
/// The SQLite database file: created with Orleans' schema when new, used as is when it already has it,
/// refused when it was written by Convene's previous runtime (table <c>grain_state</c>) or belongs to something else.
/// </summary>
internal static class SqliteSchema
{
    private const string OldTable = "grain_state";

    /// <summary>The connection string Orleans' ADO.NET storage uses for <paramref name="path"/>.</summary>
    public static string ConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString();

    /// <summary>Creates the directory and the schema if needed; throws <see cref="InvalidOperationException"/> for a file it must not use.</summary>
    public static async Task EnsureAsync(string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);

        try
        {
            await using var connection = new SqliteConnection(ConnectionString(path));
            await connection.OpenAsync(cancellationToken);
            // Not deferred = BEGIN IMMEDIATE: the write lock comes first, so two silos starting on one new file
            // do not both create the schema.
            await using var transaction = connection.BeginTransaction(deferred: false);

            var tables = await TablesAsync(connection, transaction, cancellationToken);
            if (tables.Contains(OldTable) && !tables.Contains("OrleansQuery"))
            {
                throw OldFormat(path);
            }
            var orleansTables = tables.Where(t => t.StartsWith("Orleans", StringComparison.OrdinalIgnoreCase)).ToList();
            if (orleansTables.Count == 0 && tables.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The file {path} is a SQLite database but not a Convene one (it has the tables {string.Join(", ", tables.Order())} and none of Orleans'). " +
                    "Convene will not add its tables to it. Point Convene:DataDirectory at another directory, or move the file away.");
            }

            if (!tables.Contains("OrleansQuery")) await RunAsync(connection, transaction, SqlScripts.SqliteMain, cancellationToken);
            if (!tables.Contains("OrleansStorage")) await RunAsync(connection, transaction, SqlScripts.SqlitePersistence, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException e)
        {
            throw new InvalidOperationException($"Convene cannot use the SQLite database {path}: {e.Message}", e);
        }
    }

    /// <summary>The refusal for a file of Convene's previous runtime.</summary>
    public static InvalidOperationException OldFormat(string path) => new(
        $"The database {path} was written by an earlier version of Convene (its own actor runtime, table '{OldTable}') " +
        "and cannot be read by this version: the grains were reshaped when Convene moved onto Orleans, so the old records do not fit them. " +
        "Convene did not start rather than start empty. To start afresh, move or delete that file, or point Convene:DataDirectory at another directory. " +
        $"The old data stays in the file: table {OldTable} (columns state_name, grain_type, grain_key, data, version) holds each record as JSON in 'data'.");

    private static async Task<HashSet<string>> TablesAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) tables.Add(reader.GetString(0));
        return tables;
    }

    private static async Task RunAsync(SqliteConnection connection, SqliteTransaction transaction, string script, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqlScripts.Read(script);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
