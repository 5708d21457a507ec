using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Convene.Load;

/// <summary>The run's result, in the shape and wording of load.mjs's report (JSON with <c>--json</c>, else Markdown tables).</summary>
internal static class Report
{
    private const double JoinTargetMs = 100, ChatTargetMs = 50;

    public static JsonObject Build(ReportInput r)
    {
        var o = r.Options;
        var p = r.Phases;
        var n = o.Participants;
        var connected = r.Participants.Count(x => x.Client is not null);
        var joined = r.Participants.Count(x => x.Joined);
        var run = r.Run;
        double Mib(long bytes) => Math.Round(bytes / 1048576.0, 1);
        double? Heap(JsonObject? h) => h?["memory"]?["gcHeapBytes"]?.GetValue<long>();
        var heapBefore = Heap(r.HealthBefore);
        var heapJoined = Heap(r.HealthJoined);
        var latency = new JsonObject
        {
            ["connect"] = Node(Stats.Of(p["connect"].Result.Latencies)),
            ["join"] = Node(Stats.Of(p["join"].Result.Latencies)),
            ["publish"] = Node(Stats.Of(p["publish"].Result.Latencies)),
            ["publisherFanout"] = Node(Stats.Of(p["publish"].Result.Fanout ?? [])),
            ["chatSend"] = Node(Stats.Of(p["chat"].Result.Latencies)),
            ["chatFanout"] = Node(Stats.Of(p["chat"].Result.Fanout ?? [])),
        };
        var errors = run.Errors.ToArray();
        var ok = errors.Length == 0 && connected == n && joined == n && run.Chat.Delivered == run.ChatExpected
            && run.Publishes.Delivered == run.PublishExpected && run.Chat.Duplicates == 0;
        return new JsonObject
        {
            ["run"] = new JsonObject
            {
                ["date"] = r.StartedAt.ToString("o"), ["client"] = $"Convene.Client (.NET {Environment.Version}, {RuntimeInformation.OSArchitecture})",
                ["cpus"] = Environment.ProcessorCount, ["loadavg"] = LoadAverage(),
                ["participants"] = n, ["rooms"] = o.Rooms, ["roomSize"] = (double)n / o.Rooms, ["messagesPerRoom"] = o.Messages,
                ["publishersPerRoom"] = o.Publishers, ["concurrency"] = o.Concurrency, ["intervalMs"] = o.IntervalMs,
                ["setupSeconds"] = Math.Round(r.Setup.TotalSeconds, 1), ["siloEnv"] = JsonSerializer.SerializeToNode(o.SiloEnv),
                ["note"] = "client (.NET, its own process) and silo share this machine",
            },
            ["latencyMs"] = latency,
            ["phaseSeconds"] = new JsonObject(p.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value.Result.Duration.TotalSeconds, 2)))),
            ["cpuSeconds"] = new JsonObject(p.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonObject { ["silo"] = kv.Value.Cost.SiloCpu, ["client"] = kv.Value.Cost.ClientCpu }))),
            ["siloGc"] = new JsonObject(p.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonObject { ["pauseMs"] = kv.Value.Cost.SiloGcPauseMs, ["collections"] = JsonSerializer.SerializeToNode(kv.Value.Cost.SiloCollections) }))),
            ["clientGc"] = new JsonObject(p.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonObject { ["pauseMs"] = kv.Value.Cost.ClientGcPauseMs, ["collections"] = JsonSerializer.SerializeToNode(kv.Value.Cost.ClientCollections) }))),
            ["counts"] = new JsonObject
            {
                ["connected"] = connected, ["joined"] = joined,
                ["publisherEventsExpected"] = run.PublishExpected, ["publisherEventsDelivered"] = run.Publishes.Delivered,
                ["messagesSent"] = run.Chat.SentCount, ["deliveriesExpected"] = run.ChatExpected, ["deliveriesReceived"] = run.Chat.Delivered,
                ["deliveriesMissing"] = Math.Max(0, run.ChatExpected - run.Chat.Delivered), ["duplicates"] = run.Chat.Duplicates, ["stray"] = run.Chat.Stray,
                ["unexpectedCloses"] = run.UnexpectedCloses, ["errors"] = errors.Length,
            },
            ["memory"] = new JsonObject
            {
                ["rssBeforeMiB"] = Mib(r.Rss[0]), ["rssConnectedMiB"] = Mib(r.Rss[1]), ["rssJoinedMiB"] = Mib(r.Rss[2]), ["rssEndMiB"] = Mib(r.Rss[3]),
                ["rssPerParticipantKiB"] = Math.Round((r.Rss[2] - r.Rss[0]) / (double)n / 1024, 1),
                ["gcHeapBeforeMiB"] = heapBefore is { } hb ? Mib((long)hb) : null,
                ["gcHeapJoinedMiB"] = heapJoined is { } hj ? Mib((long)hj) : null,
                ["gcHeapPerParticipantKiB"] = heapBefore is { } b && heapJoined is { } j ? Math.Round((j - b) / n / 1024, 1) : null,
            },
            ["targets"] = new JsonObject
            {
                ["joinP99"] = new JsonObject { ["targetMs"] = JoinTargetMs, ["valueMs"] = latency["join"]!["p99"]!.DeepClone(), ["pass"] = Stats.Of(p["join"].Result.Latencies).P99 < JoinTargetMs },
                ["chatFanoutP99"] = new JsonObject { ["targetMs"] = ChatTargetMs, ["valueMs"] = latency["chatFanout"]!["p99"]!.DeepClone(), ["pass"] = Stats.Of(p["chat"].Result.Fanout ?? []).P99 < ChatTargetMs },
            },
            ["firstErrors"] = new JsonArray([.. errors.Take(10).Select(e => (JsonNode?)e)]),
            ["firstMissing"] = new JsonArray([.. run.Missing().Select(e => (JsonNode?)e)]),
            ["ok"] = ok,
        };
    }

    public static string Text(JsonObject r)
    {
        string F(JsonNode? v) => v is JsonValue x && x.TryGetValue(out double d) && double.IsFinite(d) ? d.ToString("0.0", CultureInfo.InvariantCulture) : "–";
        var run = r["run"]!;
        var l = r["latencyMs"]!;
        var c = r["counts"]!;
        var m = r["memory"]!;
        string Row(string name, string key, string target = "") => $"| {name}, n={l[key]!["count"]} | {F(l[key]!["p50"])} | {F(l[key]!["p99"])} | {F(l[key]!["max"])} | {target} |";
        string Mark(string key) => $"{(r["targets"]![key]!["pass"]!.GetValue<bool>() ? "PASS" : "MISS")} (p99 < {r["targets"]![key]!["targetMs"]} ms)";
        string PerPhase(string field, Func<JsonNode, string> show) =>
            string.Join(", ", new[] { "connect", "join", "publish", "chat" }.Select(ph => $"{ph} {show(r[field]![ph]!)}"));
        string Counts(JsonNode? a) => a is JsonArray arr ? string.Join('/', arr.Select(x => x!.ToString())) : "n/a";
        var lines = new List<string>
        {
            $"Convene load (.NET client): {run["participants"]} participants in {run["rooms"]} rooms ({run["roomSize"]} each), {run["publishersPerRoom"]} publishers and {run["messagesPerRoom"]} messages per room",
            $"{run["date"]}, {run["client"]}, {run["cpus"]} cores; concurrency {run["concurrency"]}, one message per room every {run["intervalMs"]} ms",
            $"1 silo (localhost, storage memory); load average at the end {string.Join(' ', run["loadavg"]!.AsArray().Select(x => x!.ToString()))}",
            $"Client and silo share this machine ({run["cpus"]} cores): the numbers include the client's own CPU use.",
            "",
            "| metric (ms) | p50 | p99 | max | target |",
            "|---|---:|---:|---:|---|",
            Row("connect (negotiate + WebSocket + handshake)", "connect"),
            Row("JoinGroup round trip", "join", Mark("joinP99")),
            Row("Publish round trip", "publish"),
            Row("OnPublisher fan-out", "publisherFanout"),
            Row("SendGroupMessage round trip", "chatSend"),
            Row("chat fan-out (send → each member's OnMessage)", "chatFanout", Mark("chatFanoutP99")),
            "",
            "| silo memory | value |",
            "|---|---:|",
            $"| RSS before connecting / all connected / all joined | {m["rssBeforeMiB"]} / {m["rssConnectedMiB"]} / {m["rssJoinedMiB"]} MiB |",
            $"| **RSS per participant** (joined − before) / N | **{m["rssPerParticipantKiB"]} KiB** |",
            $"| GC heap before / joined | {m["gcHeapBeforeMiB"]} / {m["gcHeapJoinedMiB"]} MiB |",
            $"| GC heap per participant | {m["gcHeapPerParticipantKiB"]} KiB |",
            "",
            $"phases: {PerPhase("phaseSeconds", v => $"{v} s")} (setup, not timed: {run["setupSeconds"]} s)",
            $"silo GC pause ms (gen0/gen1/gen2 collections): {PerPhase("siloGc", g => $"{g["pauseMs"]} ({Counts(g["collections"])})")}",
            $"client GC pause ms (gen0/gen1/gen2 collections): {PerPhase("clientGc", g => $"{g["pauseMs"]} ({Counts(g["collections"])})")}",
            $"CPU seconds used (silo / client): {PerPhase("cpuSeconds", v => $"{v["silo"]} / {v["client"]}")}",
            $"counts: connected {c["connected"]}/{run["participants"]}, joined {c["joined"]}, OnPublisher {c["publisherEventsDelivered"]}/{c["publisherEventsExpected"]}, " +
                $"messages {c["messagesSent"]}, deliveries {c["deliveriesReceived"]}/{c["deliveriesExpected"]} (missing {c["deliveriesMissing"]}, duplicates {c["duplicates"]}, stray {c["stray"]}), " +
                $"unexpected closes {c["unexpectedCloses"]}, errors {c["errors"]}",
        };
        lines.AddRange(r["firstErrors"]!.AsArray().Select(e => $"  error: {e}"));
        lines.AddRange(r["firstMissing"]!.AsArray().Select(e => $"  missing: {e}"));
        lines.Add(r["ok"]!.GetValue<bool>() ? "result: OK" : "result: FAILED (errors or missing deliveries)");
        return string.Join('\n', lines);
    }

    private static JsonObject Node(Stats s)
    {
        JsonNode? V(double d) => double.IsFinite(d) ? Math.Round(d, 1) : null;
        return new JsonObject { ["count"] = s.Count, ["p50"] = V(s.P50), ["p99"] = V(s.P99), ["max"] = V(s.Max) };
    }

    private static JsonArray LoadAverage()
    {
        try
        {
            return new JsonArray([.. File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => (JsonNode?)double.Parse(v, CultureInfo.InvariantCulture))]);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
