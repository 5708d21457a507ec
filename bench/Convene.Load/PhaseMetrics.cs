using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Convene.Load;

/// <summary>What one phase cost: silo and client CPU seconds, silo and client GC pause ms and collections.</summary>
internal sealed record PhaseMetrics(double SiloCpu, double ClientCpu, double? SiloGcPauseMs, int[]? SiloCollections, double ClientGcPauseMs, int[] ClientCollections)
{
    /// <summary>Runs <paramref name="phase"/> and measures around it.</summary>
    public static async Task<(T Result, PhaseMetrics Metrics)> MeasureAsync<T>(SiloHost silo, Func<Task<T>> phase)
    {
        var healthBefore = (await silo.HealthAsync())?["memory"];
        var siloCpu = silo.CpuSeconds();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clientGc = GC.GetTotalPauseDuration();
        var clientCollections = Collections();
        var result = await phase();
        var clientUsed = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds;
        var siloUsed = silo.CpuSeconds() - siloCpu;
        var clientPause = (GC.GetTotalPauseDuration() - clientGc).TotalMilliseconds;
        var clientCounts = Collections().Zip(clientCollections, (a, b) => a - b).ToArray();
        var healthAfter = (await silo.HealthAsync())?["memory"];
        double? siloPause = null;
        int[]? siloCounts = null;
        if (healthBefore is JsonObject before && healthAfter is JsonObject after)
        {
            siloPause = after["gcPauseMs"]!.GetValue<double>() - before["gcPauseMs"]!.GetValue<double>();
            siloCounts = [.. Enumerable.Range(0, 3).Select(g => after["gcCollections"]![g]!.GetValue<int>() - before["gcCollections"]![g]!.GetValue<int>())];
        }
        return (result, new PhaseMetrics(Math.Round(siloUsed, 2), Math.Round(clientUsed, 2), siloPause is { } p ? Math.Round(p, 1) : null, siloCounts, Math.Round(clientPause, 1), clientCounts));
    }

    private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
}
