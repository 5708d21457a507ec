using System.Globalization;

namespace Convene.Bench.Media;

/// <summary>
/// CPU time per thread name of this process, from Linux's <c>/proc/self/task/*/schedstat</c> (nanoseconds on CPU) and
/// <c>comm</c> (the name, 15 characters). Threads that end during a window are missing from its difference.
/// </summary>
internal static class ThreadCpu
{
    public static Dictionary<int, (string Name, long Nanoseconds)> Snapshot()
    {
        var threads = new Dictionary<int, (string, long)>();
        if (!OperatingSystem.IsLinux())
        {
            return threads;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                int tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                string name = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                long ns = long.Parse(File.ReadAllText(Path.Combine(dir, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                threads[tid] = (name, ns);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // The thread ended meanwhile.
            }
        }

        return threads;
    }

    /// <summary>"name share%, …" of one core over <paramref name="seconds"/>, largest first, above 0.005 %.</summary>
    public static string Describe(Dictionary<int, (string Name, long Nanoseconds)> before, Dictionary<int, (string Name, long Nanoseconds)> after, double seconds)
    {
        var byName = new Dictionary<string, long>();
        foreach (var (tid, (name, ns)) in after)
        {
            long start = before.TryGetValue(tid, out var b) ? b.Nanoseconds : 0;
            byName[name] = byName.GetValueOrDefault(name) + (ns - start);
        }

        return string.Join(", ", byName.Where(p => p.Value / 1e9 / seconds >= 0.00005).OrderByDescending(p => p.Value)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value / 1e9 / seconds * 100:F2}%")));
    }
}
