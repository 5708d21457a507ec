using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Convene.Grains.Webhooks;
using Convene.Media.Relay;

namespace Convene.Grains.Metrics;

/// <summary>
/// Convene's meter (<see cref="MeterName"/>) in this silo: calls, participants and streams of the rooms active here,
/// join latency, webhooks, and (with a relay) the media relay's counters. README "Metrics" lists the instruments.
/// </summary>
public sealed class ConveneMetrics
{
    /// <summary>The meter's name: listen to it (e.g. OpenTelemetry's <c>AddMeter("Convene")</c>).</summary>
    public const string MeterName = "Convene";

    private readonly ConcurrentDictionary<RoomEvents, byte> _rooms = new();
    private readonly Histogram<double> _joinDuration;
    private readonly Counter<long> _webhooksQueued;
    private readonly Counter<long> _webhooksDelivered;
    private readonly Counter<long> _webhooksDropped;

    /// <summary>Creates the instruments (and the media relay's, when this silo has one).</summary>
    public ConveneMetrics(IMeterFactory meters, IMediaRelay? relay = null)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("convene.rooms", () => _rooms.Keys.Count(r => r.Participants > 0), "{room}",
            "Group calls with at least one participant, active on this silo");
        meter.CreateObservableGauge("convene.participants", () => _rooms.Keys.Sum(r => r.Participants), "{participant}",
            "Users in the calls active on this silo (a user with several connections counts once per call)");
        meter.CreateObservableGauge("convene.streams", () => _rooms.Keys.Sum(r => r.Streams), "{stream}",
            "Published streams in the calls active on this silo");
        _joinDuration = meter.CreateHistogram<double>("convene.room.join.duration", "s",
            "Time the room took to answer a join (admission, permission check, chat catch-up)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _webhooksQueued = meter.CreateCounter<long>("convene.webhooks.queued", "{event}", "Webhook events queued (per receiver)");
        _webhooksDelivered = meter.CreateCounter<long>("convene.webhooks.delivered", "{event}", "Webhook events a receiver acknowledged (2xx)");
        _webhooksDropped = meter.CreateCounter<long>("convene.webhooks.dropped", "{event}",
            "Webhook events given up: reason=queue_full, failed (retries exhausted), rejected (4xx), shutdown");
        if (relay is not null)
        {
            MediaMetrics.Create(meter, relay.Counters);
        }
    }

    internal void RoomActivated(RoomEvents room) => _rooms.TryAdd(room, 0);

    internal void RoomDeactivated(RoomEvents room) => _rooms.TryRemove(room, out _);

    internal void JoinAnswered(TimeSpan elapsed) => _joinDuration.Record(elapsed.TotalSeconds);

    internal void WebhookQueued() => _webhooksQueued.Add(1);

    internal void WebhookDelivered() => _webhooksDelivered.Add(1);

    internal void WebhookDropped(string reason) => _webhooksDropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
