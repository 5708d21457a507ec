namespace Convene.Media.Tests.Network;

/// <summary>
/// What one direction of an <see cref="ImpairmentProxy"/> does to the datagrams it carries. Applied in this order,
/// like netem + tbf: loss (random, then burst) on arrival, then delay + jitter (+ an extra delay for the packets
/// chosen to be reordered), then the bandwidth cap (a token bucket in front of a bounded drop-tail queue).
/// Replace the whole record on <see cref="ImpairedLink.Options"/> to change it while traffic flows.
/// </summary>
public sealed record ImpairmentOptions
{
    /// <summary>No impairment: every datagram forwarded at once.</summary>
    public static ImpairmentOptions None { get; } = new();

    /// <summary>Share of datagrams dropped independently, in percent (0–100).</summary>
    public double LossPercent { get; init; }

    /// <summary>Chance per datagram, in percent, that a loss burst starts with it.</summary>
    public double BurstStartPercent { get; init; }

    /// <summary>Datagrams dropped in a row once a burst starts (the one that started it included).</summary>
    public int BurstLength { get; init; } = 5;

    /// <summary>Fixed one-way delay added to every datagram.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Uniform jitter: each datagram's delay is <see cref="Delay"/> ± up to this (never below zero). Reorders by itself when larger than the gap between packets.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Share of datagrams, in percent, held back an extra <see cref="ReorderDelay"/> so that later ones overtake them.</summary>
    public double ReorderPercent { get; init; }

    /// <summary>The extra delay of a reordered datagram.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Bandwidth cap in bits per second (IP payload only: the UDP datagram's bytes); null for none.</summary>
    public long? BandwidthBitsPerSecond { get; init; }

    /// <summary>Token bucket depth: bytes that may leave back to back at line rate after an idle period.</summary>
    public int BucketBytes { get; init; } = 3_000;

    /// <summary>Bytes the cap's queue holds; a datagram that does not fit is dropped (drop-tail).</summary>
    public int QueueBytes { get; init; } = 30_000;

    /// <summary>
    /// When true, only RTP/RTCP (first byte 128–191, RFC 7983 §7) is impaired; STUN and DTLS pass untouched, so a
    /// test can start lossy without slowing ICE and the DTLS handshake. The cap's queue still carries everything.
    /// </summary>
    public bool RtpOnly { get; init; }

    /// <summary>Loss % as the only impairment.</summary>
    public static ImpairmentOptions Loss(double percent) => new() { LossPercent = percent };

    /// <summary>A bandwidth cap as the only impairment.</summary>
    public static ImpairmentOptions Cap(long bitsPerSecond) => new() { BandwidthBitsPerSecond = bitsPerSecond };
}
