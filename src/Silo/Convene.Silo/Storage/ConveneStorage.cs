using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace Convene.Silo.Storage;

/// <summary>
/// Convene's grain storage: one Orleans grain-storage provider named <see cref="Name"/>, backed by a SQLite file
/// (the default), memory, Azure Blob storage or PostgreSQL, chosen by <see cref="StorageSettings.Provider"/>.
/// State is stored as JSON (Orleans' <see cref="JsonGrainStorageSerializer"/>) wherever it is kept.
/// </summary>
public static class ConveneStorage
{
    /// <summary>The grain-storage provider name every Convene grain uses: <c>[PersistentState("x", ConveneStorage.Name)]</c>.</summary>
    public const string Name = Convene.Grains.Hosting.ConveneGrainStorage.Name;

    /// <summary>Provider value: a SQLite file in the data directory (Orleans ADO.NET storage).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>Provider value: in memory, nothing is kept after exit.</summary>
    public const string Memory = "memory";

    /// <summary>Provider value: Azure Blob storage.</summary>
    public const string Azure = "azure";

    /// <summary>Provider value: PostgreSQL (Orleans ADO.NET storage).</summary>
    public const string Postgres = "postgres";

    /// <summary>The SQLite database's file name in the data directory.</summary>
    public const string SqliteFileName = "convene.db";

    /// <summary>The blob container that holds grain state on Azure.</summary>
    public const string AzureContainerName = "convene-state";

    /// <summary>
    /// The ADO.NET invariant for SQLite. Orleans maps <c>System.Data.SQLite</c> to Microsoft.Data.Sqlite;
    /// the name <c>Microsoft.Data.Sqlite</c> is not one Orleans knows.
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>The ADO.NET invariant for PostgreSQL (Npgsql).</summary>
    public const string PostgresInvariant = "Npgsql";

    private static readonly string[] Providers = [Sqlite, Memory, Azure, Postgres];

    /// <summary>
    /// Adds the grain-storage provider <see cref="Name"/> as <paramref name="settings"/> say. Settings are checked
    /// here (unknown provider, missing connection string: <see cref="InvalidOperationException"/>); a SQLite file or a
    /// PostgreSQL database gets Orleans' schema when the silo starts, and a SQLite file of Convene's previous
    /// runtime stops the silo from starting.
    /// </summary>
    /// <param name="silo">The silo to add the provider to.</param>
    /// <param name="settings">Where to keep grain state.</param>
    /// <returns>The same silo builder.</returns>
    public static ISiloBuilder AddConveneStorage(this ISiloBuilder silo, StorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        switch (ProviderOf(settings))
        {
            case Memory:
                silo.AddMemoryGrainStorage(Name);
                break;

            case Sqlite:
            {
                if (string.IsNullOrWhiteSpace(settings.DataDirectory))
                    throw new InvalidOperationException("Convene:DataDirectory is empty; the sqlite storage keeps its file (convene.db) there.");
                var path = settings.SqliteFile;
                silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(
                    new SchemaInitializer(Sqlite, cancellation => SqliteSchema.EnsureAsync(path, cancellation)));
                silo.AddAdoNetGrainStorage(Name, (OptionsBuilder<AdoNetGrainStorageOptions> options) => options.Configure<IServiceProvider>((o, services) =>
                {
                    o.Invariant = SqliteInvariant;
                    o.ConnectionString = SqliteSchema.ConnectionString(path);
                    o.GrainStorageSerializer = JsonSerializer(services);
                }));
                break;
            }

            case Azure:
            {
                var connectionString = Required(settings.AzureConnectionString, "Convene:AzureStorage:ConnectionString", Azure);
                BlobServiceClient client;
                try
                {
                    client = new BlobServiceClient(connectionString);
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    // The exception's message may quote the connection string: it is not passed on.
                    throw new InvalidOperationException($"Convene:AzureStorage:ConnectionString is not a valid Azure Storage connection string ({e.GetType().Name}).");
                }
                silo.AddAzureBlobGrainStorage(Name, (OptionsBuilder<AzureBlobStorageOptions> options) => options.Configure<IServiceProvider>((o, services) =>
                {
                    o.BlobServiceClient = client;
                    o.ContainerName = settings.AzureContainer;
                    o.GrainStorageSerializer = JsonSerializer(services);
                }));
                break;
            }

            case Postgres:
            {
                var connectionString = Required(settings.PostgresConnectionString, "Convene:Postgres:ConnectionString", Postgres);
                _ = DescribePostgres(connectionString); // throws a clear error for a malformed string
                silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(
                    new SchemaInitializer(Postgres, cancellation => PostgresSchema.EnsureAsync(connectionString, clustering: false, cancellation)));
                silo.AddAdoNetGrainStorage(Name, (OptionsBuilder<AdoNetGrainStorageOptions> options) => options.Configure<IServiceProvider>((o, services) =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = connectionString;
                    o.GrainStorageSerializer = JsonSerializer(services);
                }));
                break;
            }
        }
        return silo;
    }

    /// <summary>
    /// One line for people saying where state is kept, without secrets: the SQLite file's path,
    /// "memory (nothing is kept after exit)", "azure blob storage (container …)" or "postgres host:port/database".
    /// </summary>
    /// <param name="settings">The storage settings.</param>
    /// <returns>The description.</returns>
    public static string Describe(StorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ProviderOf(settings) switch
        {
            Memory => "memory (nothing is kept after exit)",
            Sqlite => $"sqlite file {settings.SqliteFile}",
            Azure => $"azure blob storage (container {settings.AzureContainer})",
            _ => settings.PostgresConnectionString is { Length: > 0 } cs ? $"postgres {DescribePostgres(cs)}" : "postgres (no connection string)",
        };
    }

    /// <summary>
    /// Creates Orleans' PostgreSQL tables for grain storage and for clustering (PostgreSQL-Main, -Persistence and
    /// -Clustering scripts of Orleans 10.4.2), each only if its tables are missing; safe when several silos start at once.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string to the database.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the schema is there.</returns>
    public static Task EnsurePostgresSchemaAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return PostgresSchema.EnsureAsync(connectionString, clustering: true, cancellationToken);
    }

    /// <summary>"host:port/database" from an Npgsql connection string, without user or password.</summary>
    internal static string DescribePostgres(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new InvalidOperationException($"Convene:Postgres:ConnectionString is not a valid Npgsql connection string ({e.GetType().Name}).");
        }
        return $"{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username ?? "(default database)"}";
    }

    private static string ProviderOf(StorageSettings settings)
    {
        var provider = settings.Provider?.Trim().ToLowerInvariant();
        if (provider is null || !Providers.Contains(provider))
        {
            throw new InvalidOperationException(
                $"Convene:Storage is '{settings.Provider}'; expected one of: {string.Join(", ", Providers.Select(p => $"'{p}'"))}.");
        }
        return provider;
    }

    private static string Required(string? value, string key, string provider) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"Convene:Storage is '{provider}' but {key} is not set; it needs the connection string.")
            : value;

    private static JsonGrainStorageSerializer JsonSerializer(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<JsonGrainStorageSerializer>(services);
}
