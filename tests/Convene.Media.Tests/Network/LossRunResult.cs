using System.Globalization;

namespace Convene.Media.Tests.Network;

/// <summary>
/// What Chromium reported over one <see cref="LossRun"/> window: the subscriber's inbound video (freezes as WebRTC
/// stats define them — a frame interval above max(3 × the mean, mean + 150 ms)), its NACKs and RTX packets received,
/// and the publisher's NACKs received and retransmissions sent; <c>BufferMs</c> is the mean time a frame spent in the
/// subscriber's jitter buffer over the window (<c>jitterBufferDelay / jitterBufferEmittedCount</c>) — the latency paid.
/// </summary>
internal sealed record LossRunResult(
    string Name,
    double Seconds,
    bool RtxNegotiated,
    long FreezeCount,
    double FreezeSeconds,
    long FramesDecoded,
    long FramesDropped,
    long SubscriberNacks,
    long RetransmittedReceived,
    long PublisherNacks,
    long RetransmittedSent,
    long PliCount,
    double BufferMs,
    string Proxies)
{
    /// <summary>RTX packets from a simulcast publisher the relay unwrapped into its layers over the window (RFC 8852 §3.2).</summary>
    public long LayerRtxUnwrapped { get; init; }

    /// <summary>Decoded frames per second over the window.</summary>
    public double Fps => Seconds > 0 ? FramesDecoded / Seconds : 0;

    /// <summary>Freezes per minute of the window.</summary>
    public double FreezesPerMinute => Seconds > 0 ? FreezeCount * 60 / Seconds : 0;

    /// <summary>One row of the README table.</summary>
    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {Seconds:F0} s | {FreezeCount} | {FreezeSeconds:F2} s | {FramesDropped} | {Fps:F1} | {SubscriberNacks} | {RetransmittedReceived} | {PublisherNacks} | {RetransmittedSent} | {PliCount} | {BufferMs:F0} ms |");

    public override string ToString() => $"{Row()}\nlayer RTX unwrapped by the relay: {LayerRtxUnwrapped}\n{Proxies}";
}
