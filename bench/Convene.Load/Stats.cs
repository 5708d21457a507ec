namespace Convene.Load;

/// <summary>p50, p99 and max of a set of latencies in ms (nearest rank, as load.mjs).</summary>
internal sealed record Stats(int Count, double P50, double P99, double Max)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new Stats(0, double.NaN, double.NaN, double.NaN);
        double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length), 1, sorted.Length) - 1];
        return new Stats(sorted.Length, Percentile(50), Percentile(99), sorted[^1]);
    }
}
