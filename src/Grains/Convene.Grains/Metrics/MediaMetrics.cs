using System.Diagnostics.Metrics;
using Convene.Media.Relay;
using Convene.Media.Transport;

namespace Convene.Grains.Metrics;

/// <summary>The media relay's counters as observable instruments (read at each collection; nothing on the packet path).</summary>
internal static class MediaMetrics
{
    private static readonly RelayDropReason[] RelayReasons = Enum.GetValues<RelayDropReason>();
    private static readonly DropReason[] TransportReasons = Enum.GetValues<DropReason>();

    public static void Create(Meter meter, MediaRelayCounters counters)
    {
        meter.CreateObservableGauge("convene.media.rooms", () => counters.Rooms, "{room}", "Rooms with an open media relay on this silo");
        meter.CreateObservableGauge("convene.media.peers", () => counters.Peers, "{peer}", "Media peers (publications and subscriptions) on this silo");
        meter.CreateObservableCounter("convene.media.packets", () => new[]
        {
            Measure(counters.RtpIn, ("direction", "in"), ("protocol", "rtp")),
            Measure(counters.RtcpIn, ("direction", "in"), ("protocol", "rtcp")),
            Measure(counters.RtpOut, ("direction", "out"), ("protocol", "rtp")),
            Measure(counters.RtcpOut, ("direction", "out"), ("protocol", "rtcp")),
        }, "{packet}", "SRTP/SRTCP packets received from peers and sent to them (forwarded media, retransmissions, reports)");
        meter.CreateObservableCounter("convene.media.bytes", () => new[]
        {
            Measure(counters.BytesIn, ("direction", "in")),
            Measure(counters.BytesOut, ("direction", "out")),
        }, "By", "SRTP/SRTCP bytes received from peers and sent to them");
        meter.CreateObservableCounter("convene.media.dropped", () =>
            RelayReasons.Select(r => Measure(counters.Dropped(r), ("layer", "relay"), ("reason", r.ToString())))
                .Concat(TransportReasons.Select(r => Measure(counters.Transport.Dropped(r), ("layer", "transport"), ("reason", r.ToString())))),
            "{packet}", "Datagrams dropped, by layer (transport: before SRTP; relay: after) and reason");
        meter.CreateObservableCounter("convene.media.send_failures", () => counters.SendFailures, "{packet}",
            "Protected packets the socket did not take");
        meter.CreateObservableCounter("convene.media.rtcp.feedback", () => new[]
        {
            Measure(counters.NacksReceived, ("type", "nack")),
            Measure(counters.KeyframeRequestsReceived, ("type", "pli")),
        }, "{message}", "Feedback from subscribers: generic NACKs (answered from the cache) and PLI/FIR keyframe requests");
    }

    private static Measurement<long> Measure(long value, params (string Key, string Value)[] tags) =>
        new(value, tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)));
}
