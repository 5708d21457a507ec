using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Convene.Media.Relay;
using Convene.Media.Tests.Network;

namespace Convene.Media.Tests.Interop;

/// <summary>
/// One <see cref="MediaRelay"/> on 127.0.0.1 and one headless Chromium (webrtc-room.mjs) shared by the Chromium
/// collection. Each test opens its own room and its own peer connection ids, and closes them.
/// </summary>
public sealed class RelayBrowserFixture : IAsyncLifetime
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private ChromiumRoomProcess? _browser;
    private MediaRelay? _relay;
    private int _ids;

    public MediaRelay Relay => _relay ?? throw new InvalidOperationException("Not initialized.");

    internal ChromiumRoomProcess Browser => _browser ?? throw new InvalidOperationException("Not initialized.");

    public string Transcript => _browser?.Transcript ?? "";

    public async Task InitializeAsync()
    {
        // Loopback, not 0.0.0.0: a wildcard-bound socket answers Chromium's checks from eth0 (see MediaTransportOptions).
        _relay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        _browser = await ChromiumRoomProcess.StartAsync(RepoRoot.Find(), Step);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    /// <summary>Opens a room of its own for one test; dispose it to close its peer connections and the room.</summary>
    public BrowserRoom OpenRoom(RoomMediaSettings settings) => new(this, Relay.OpenRoom(NewId("room"), settings));

    /// <summary>A fresh id for a room or a peer connection.</summary>
    public string NewId(string prefix) => $"{prefix}{Interlocked.Increment(ref _ids)}";

    /// <summary>Publishes fake camera and/or microphone from a new peer connection <paramref name="pc"/>; returns the answer.</summary>
    /// <remarks>With <paramref name="through"/>, the browser is given an answer that routes it through that impairment proxy.</remarks>
    public async Task<string> PublishAsync(IRoomRelay room, string participant, string streamKey, string pc, bool audio = true, bool video = true, int width = 640, int height = 360, bool simulcast = false, bool tone = false, ImpairmentProxy? through = null, int[]? maxKbps = null)
    {
        var offer = await Browser.RequestAsync("publish", new { id = pc, audio, video, width, height, simulcast, tone, maxKbps }, Step);
        var answer = room.Publish(participant, streamKey, (string)offer["sdp"]!);
        await Browser.RequestAsync("answer", new { id = pc, sdp = through?.RouteAnswer(answer) ?? answer }, Step);
        return answer;
    }

    /// <summary>Subscribes a new recvonly peer connection (audio and video transceivers); returns the answer.</summary>
    /// <remarks>With <paramref name="through"/>, the browser is given an answer that routes it through that impairment proxy.</remarks>
    public async Task<string> SubscribeAsync(IRoomRelay room, string participant, string streamKey, string pc, bool audio = true, bool video = true, bool offerAudio = true, bool offerVideo = true, ImpairmentProxy? through = null)
    {
        var offer = await Browser.RequestAsync("subscribe", new { id = pc, audio = offerAudio, video = offerVideo }, Step);
        var answer = room.Subscribe(participant, streamKey, audio, video, (string)offer["sdp"]!);
        await Browser.RequestAsync("answer", new { id = pc, sdp = through?.RouteAnswer(answer) ?? answer }, Step);
        return answer;
    }

    /// <summary>A new impairment proxy in front of the relay (pass it as <c>through</c>); dispose it after the peer closes.</summary>
    public ImpairmentProxy StartProxy(int? seed = null) => ImpairmentProxy.Start(Relay.LocalEndPoint, seed);

    /// <summary>Pauses or resumes one simulcast layer of a publishing peer connection (RTCRtpSender.setParameters).</summary>
    public Task SetLayerActiveAsync(string pc, string rid, bool active) => Browser.RequestAsync("layer", new { id = pc, rid, active }, Step);

    public Task<JsonObject> StatsAsync(string pc) => Browser.RequestAsync("stats", new { id = pc }, Step);

    public async Task CloseAsync(params string[] pcs)
    {
        foreach (var pc in pcs)
        {
            await Browser.RequestAsync("close", new { id = pc }, Step);
        }
    }

    /// <summary>Polls <paramref name="pc"/>'s stats until <paramref name="condition"/> holds; fails naming what was expected and found.</summary>
    public async Task<JsonObject> WaitForAsync(string pc, Func<JsonObject, bool> condition, string expected, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Step;
        var watch = Stopwatch.StartNew();
        JsonObject stats;
        do
        {
            stats = await StatsAsync(pc);
            if (condition(stats))
            {
                return stats;
            }

            await Task.Delay(100);
        }
        while (watch.Elapsed < limit);

        throw new TimeoutException($"Expected {expected} on '{pc}' within {limit}; found {stats.ToJsonString()}\nrelay: {Relay.Counters}\nbrowser:\n{Transcript}");
    }

    /// <summary>
    /// Polls <paramref name="pc"/>'s stats until <paramref name="counter"/> has not moved for <paramref name="quiet"/>
    /// (what was already buffered has drained and nothing new arrives); returns the stats at the start and the end of
    /// that still window, or fails naming what was expected and what the counter did.
    /// </summary>
    public async Task<(JsonObject From, JsonObject To)> WaitForQuietAsync(
        string pc, Func<JsonObject, long> counter, TimeSpan quiet, string expected, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Step;
        var watch = Stopwatch.StartNew();
        var from = await StatsAsync(pc);
        var stillSince = watch.Elapsed;
        while (true)
        {
            await Task.Delay(100);
            var now = await StatsAsync(pc);
            if (counter(now) != counter(from))
            {
                (from, stillSince) = (now, watch.Elapsed);
            }
            else if (watch.Elapsed - stillSince >= quiet)
            {
                return (from, now);
            }
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Expected {expected} on '{pc}' (still for {quiet}) within {limit}; it was still moving: {now.ToJsonString()}\nrelay: {Relay.Counters}");
            }
        }
    }

    /// <summary>
    /// Waits for a first decoded video frame on <paramref name="pc"/>, then for 20 more (decoding goes on); returns the
    /// stats at the end. <paramref name="what"/> names the video in failure messages.
    /// </summary>
    public async Task<JsonObject> WaitForDecodingAsync(string pc, string what)
    {
        var first = await WaitForAsync(pc, s => Long(s, "video", "framesDecoded") > 0, $"a first decoded {what} frame");
        return await WaitForAsync(pc, s => Long(s, "video", "framesDecoded") > Long(first, "video", "framesDecoded") + 20, $"{what} framesDecoded still rising");
    }

    public static long Long(JsonObject stats, string kind, string field) => (long?)stats[kind]?[field] ?? 0;

    /// <summary>A publisher's first outbound video entry (its only one without simulcast).</summary>
    public static JsonNode OutboundVideo(JsonObject stats) => stats["outbound"]!.AsArray().First(o => (string?)o!["kind"] == "video")!;
}
