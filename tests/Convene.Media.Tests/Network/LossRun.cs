using System.Diagnostics;
using System.Text.Json.Nodes;
using Convene.Media.Relay;
using Convene.Media.Tests.Interop;

namespace Convene.Media.Tests.Network;

/// <summary>
/// One measured run of loss recovery with real Chromium peers: a publisher (fake camera, video only) and a subscriber
/// in one browser, each reaching <paramref name="relay"/> through its own <see cref="ImpairmentProxy"/>; once the
/// subscriber decodes, the publisher's uplink and the subscriber's downlink get the given impairments for
/// the window given to <see cref="RunAsync"/>, and the stats deltas over that window are returned. Shared by the tests and
/// <c>bench/Convene.Bench loss</c> (linked as source).
/// </summary>
internal sealed class LossRun(ChromiumRoomProcess browser, MediaRelay relay, string name, TimeSpan step)
{
    private static int _ids;

    public ImpairmentOptions PublisherUplink { get; init; } = ImpairmentOptions.None;

    public ImpairmentOptions SubscriberDownlink { get; init; } = ImpairmentOptions.None;

    public int? Seed { get; init; }

    public int Width { get; init; } = 640;

    public int Height { get; init; } = 360;

    /// <summary>Publish video as three simulcast layers (rids q, h, f) with these maximum bitrates in kbit/s; null for one encoding.</summary>
    public int[]? SimulcastKbps { get; init; }

    /// <summary>Called with a line of progress now and then (the bench prints it).</summary>
    public Action<string>? Progress { get; init; }

    public async Task<LossRunResult> RunAsync(TimeSpan window)
    {
        int id = Interlocked.Increment(ref _ids);
        string pub = $"losspub{id}", sub = $"losssub{id}";
        using var room = relay.OpenRoom($"loss{id}", new RoomMediaSettings());
        await using var publisherProxy = ImpairmentProxy.Start(relay.LocalEndPoint, Seed);
        await using var subscriberProxy = ImpairmentProxy.Start(relay.LocalEndPoint, Seed is { } seed ? seed + 1 : null);
        string Proxies() => $"publisher's {publisherProxy}\nsubscriber's {subscriberProxy}";
        try
        {
            var offer = await browser.RequestAsync("publish", new { id = pub, audio = false, video = true, width = Width, height = Height, simulcast = SimulcastKbps is not null, maxKbps = SimulcastKbps }, step);
            string answer = room.Publish("alice", "alice/camera", (string)offer["sdp"]!);
            await browser.RequestAsync("answer", new { id = pub, sdp = publisherProxy.RouteAnswer(answer) }, step);
            offer = await browser.RequestAsync("subscribe", new { id = sub, audio = false, video = true }, step);
            answer = room.Subscribe("bob", "alice/camera", false, true, (string)offer["sdp"]!);
            bool rtx = answer.Contains("rtx/90000", StringComparison.Ordinal);
            await browser.RequestAsync("answer", new { id = sub, sdp = subscriberProxy.RouteAnswer(answer) }, step);
            await WaitForAsync(sub, s => Video(s, "framesDecoded") > 30, "30 frames decoded before the impairment", step, Proxies);

            var stream = ((RoomRelay)room).Streams.Single();
            long LayerRtx()
            {
                long count = 0;
                relay.OnLoop(() => count = stream.LayerRtxReceived);
                return count;
            }

            long layerRtxFrom = LayerRtx();
            JsonObject subFrom = await StatsAsync(sub), pubFrom = await StatsAsync(pub);
            publisherProxy.Upstream.Options = PublisherUplink;
            subscriberProxy.Downstream.Options = SubscriberDownlink;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < window)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, (window - watch.Elapsed).TotalSeconds)));
                Progress?.Invoke($"{name}: {watch.Elapsed.TotalSeconds:F0} s, freezes {Video(await StatsAsync(sub), "freezeCount") - Video(subFrom, "freezeCount")}");
            }

            JsonObject subTo = await StatsAsync(sub), pubTo = await StatsAsync(pub);
            double seconds = watch.Elapsed.TotalSeconds;
            publisherProxy.Upstream.Options = ImpairmentOptions.None;
            subscriberProxy.Downstream.Options = ImpairmentOptions.None;
            return new LossRunResult(
                name,
                seconds,
                rtx,
                Video(subTo, "freezeCount") - Video(subFrom, "freezeCount"),
                VideoDouble(subTo, "totalFreezesDuration") - VideoDouble(subFrom, "totalFreezesDuration"),
                Video(subTo, "framesDecoded") - Video(subFrom, "framesDecoded"),
                Video(subTo, "framesDropped") - Video(subFrom, "framesDropped"),
                Video(subTo, "nackCount") - Video(subFrom, "nackCount"),
                Video(subTo, "retransmittedPacketsReceived") - Video(subFrom, "retransmittedPacketsReceived"),
                Outbound(pubTo, "nackCount") - Outbound(pubFrom, "nackCount"),
                Outbound(pubTo, "retransmittedPacketsSent") - Outbound(pubFrom, "retransmittedPacketsSent"),
                Outbound(pubTo, "pliCount") - Outbound(pubFrom, "pliCount"),
                BufferMs(subFrom, subTo),
                Proxies())
            {
                LayerRtxUnwrapped = LayerRtx() - layerRtxFrom,
            };
        }
        finally
        {
            await browser.RequestAsync("close", new { id = pub }, step);
            await browser.RequestAsync("close", new { id = sub }, step);
        }
    }

    private Task<JsonObject> StatsAsync(string pc) => browser.RequestAsync("stats", new { id = pc }, step);

    private async Task WaitForAsync(string pc, Func<JsonObject, bool> condition, string expected, TimeSpan timeout, Func<string> context)
    {
        var watch = Stopwatch.StartNew();
        JsonObject stats;
        do
        {
            stats = await StatsAsync(pc);
            if (condition(stats))
            {
                return;
            }

            await Task.Delay(100);
        }
        while (watch.Elapsed < timeout);
        throw new TimeoutException($"{name}: expected {expected} on '{pc}' within {timeout}; found {stats.ToJsonString()}\nrelay: {relay.Counters}\n{context()}");
    }

    private static double BufferMs(JsonObject from, JsonObject to)
    {
        long emitted = Video(to, "jitterBufferEmittedCount") - Video(from, "jitterBufferEmittedCount");
        return emitted > 0 ? (VideoDouble(to, "jitterBufferDelay") - VideoDouble(from, "jitterBufferDelay")) * 1000 / emitted : 0;
    }

    private static long Video(JsonObject stats, string field) => (long?)stats["video"]?[field] ?? 0;

    private static double VideoDouble(JsonObject stats, string field) => (double?)stats["video"]?[field] ?? 0;

    private static long Outbound(JsonObject stats, string field) =>
        stats["outbound"]?.AsArray().Where(o => (string?)o?["kind"] == "video").Sum(o => (long?)o?[field] ?? 0) ?? 0;
}
