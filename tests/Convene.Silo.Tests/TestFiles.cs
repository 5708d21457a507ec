namespace Convene.Silo.Tests;

internal static class TestFiles
{
    public static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A connection pool may still hold it for a moment; the temp directory is cleaned eventually.
            }
        }
    }
}
