namespace Convene.Silo.Storage;

/// <summary>
/// Where Convene keeps grain state (configuration: <c>Convene:Storage</c>, <c>Convene:DataDirectory</c>,
/// <c>Convene:AzureStorage:ConnectionString</c>, <c>Convene:Postgres:ConnectionString</c>).
/// </summary>
public sealed class StorageSettings
{
    /// <summary>"sqlite" (default), "memory", "azure" or "postgres"; case-insensitive.</summary>
    public string Provider { get; set; } = ConveneStorage.Sqlite;

    /// <summary>For "sqlite": the directory of the database file <c>convene.db</c>. Default: ./data.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>For "azure": an Azure Storage connection string (a secret: never logged).</summary>
    public string? AzureConnectionString { get; set; }

    /// <summary>For "azure": the blob container for grain state. Default: convene-state.</summary>
    public string AzureContainer { get; set; } = ConveneStorage.AzureContainerName;

    /// <summary>For "postgres": an Npgsql connection string (may hold a password: never logged).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The SQLite database file for these settings: <see cref="DataDirectory"/>/convene.db, as a full path.</summary>
    public string SqliteFile => Path.GetFullPath(Path.Combine(DataDirectory, ConveneStorage.SqliteFileName));
}
