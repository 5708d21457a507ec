using Microsoft.Data.Sqlite;

namespace Convene.Silo.Tests;

internal static class TestFiles
{
    /// <summary>Deletes a test's data directory (after releasing pooled SQLite connections).</summary>
    public static void DeleteDataDirectory(string path)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Still held for a moment; it is under the temp directory, which is cleaned eventually.
        }
    }
}
