using System.Reflection;

namespace Convene.Silo.Storage;

/// <summary>Orleans' ADO.NET scripts, embedded from Storage/Sql (see the README there).</summary>
internal static class SqlScripts
{
    public const string SqliteMain = "Sqlite-Main.sql";
    public const string SqlitePersistence = "Sqlite-Persistence.sql";
    public const string PostgresMain = "PostgreSQL-Main.sql";
    public const string PostgresPersistence = "PostgreSQL-Persistence.sql";
    public const string PostgresClustering = "PostgreSQL-Clustering.sql";

    /// <summary>The text of one embedded script.</summary>
    public static string Read(string name)
    {
        var resource = "Convene.Silo.Storage.Sql." + name;
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded SQL script '{resource}' is missing from {typeof(SqlScripts).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
