namespace Convene.Load;

/// <summary>A phase's call latencies (ms), its duration, and the fan-out latencies it measured (ms).</summary>
internal sealed record PhaseResult(double[] Latencies, TimeSpan Duration, double[]? Fanout = null);
