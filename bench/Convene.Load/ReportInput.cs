using System.Text.Json.Nodes;

namespace Convene.Load;

/// <summary>Everything a run measured, for <see cref="Report"/>.</summary>
internal sealed record ReportInput(
    LoadOptions Options, DateTimeOffset StartedAt, TimeSpan Setup, LoadRun Run, IReadOnlyList<LoadParticipant> Participants,
    IReadOnlyDictionary<string, (PhaseResult Result, PhaseMetrics Cost)> Phases, long[] Rss, JsonObject? HealthBefore, JsonObject? HealthJoined);
