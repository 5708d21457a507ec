using Npgsql;

namespace Convene.Silo.Storage;

/// <summary>Creates Orleans' PostgreSQL tables (from the embedded scripts) in a database that lacks them.</summary>
internal static class PostgresSchema
{
    // Any fixed number: the advisory lock serializes silos that start at once on a new database.
    private const long LockKey = 0x436F6E76656E65; // "Convene"

    /// <summary>Runs each script whose table is missing, in one transaction under an advisory lock.</summary>
    public static async Task EnsureAsync(string connectionString, bool clustering, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            // The message of a connection failure names host and database, never the password.
            throw new InvalidOperationException($"Convene cannot connect to PostgreSQL ({ConveneStorage.DescribePostgres(connectionString)}): {e.Message}", e);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", LockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!await ExistsAsync(connection, transaction, "orleansquery", cancellationToken))
            await RunAsync(connection, transaction, SqlScripts.PostgresMain, cancellationToken);
        if (!await ExistsAsync(connection, transaction, "orleansstorage", cancellationToken))
            await RunAsync(connection, transaction, SqlScripts.PostgresPersistence, cancellationToken);
        if (clustering && !await ExistsAsync(connection, transaction, "orleansmembershiptable", cancellationToken))
            await RunAsync(connection, transaction, SqlScripts.PostgresClustering, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string script, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SqlScripts.Read(script), connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
