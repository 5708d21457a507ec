using System.Diagnostics;

namespace Convene.Media.Tests.Network;

/// <summary>The impairment proxy itself, on real UDP sockets on loopback.</summary>
public sealed class ImpairmentProxyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Forwards_both_ways_through_one_mapping_per_peer_when_unimpaired()
    {
        using var target = new UdpProbe(echo: true);
        using var client = new UdpProbe();
        await using var proxy = ImpairmentProxy.Start(target.EndPoint, seed: 1);

        for (int i = 0; i < 50; i++)
        {
            client.Send(proxy.EndPoint, i);
        }

        await client.WaitForAsync(50, Timeout, proxy.ToString);
        Assert.All(target.Arrivals, a => Assert.NotEqual(client.EndPoint, a.From)); // the target sees the proxy's mapping
        Assert.All(client.Arrivals, a => Assert.Equal(proxy.EndPoint, a.From)); // answers come from the proxy's address
        Assert.Equal(Enumerable.Range(0, 50), target.Arrivals.Select(a => a.Index).Order());
        Assert.Equal(1, proxy.Mappings);
        Assert.Equal(50, proxy.Upstream.Counters.Forwarded);
        Assert.Equal(50, proxy.Downstream.Counters.Forwarded);
        Assert.Equal(0, proxy.Upstream.Counters.Dropped + proxy.Downstream.Counters.Dropped);
    }

    [Fact]
    public async Task Random_loss_drops_its_share_and_the_same_seed_drops_the_same_datagrams()
    {
        int[] first = await ReceivedUnderLossAsync(seed: 1234);
        int[] second = await ReceivedUnderLossAsync(seed: 1234);
        int[] other = await ReceivedUnderLossAsync(seed: 4321);

        Assert.InRange(first.Length, 300 - 170, 300 - 70); // 40 % of 300 = 120 lost, ± 4σ
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    private static async Task<int[]> ReceivedUnderLossAsync(int seed)
    {
        using var target = new UdpProbe();
        using var client = new UdpProbe();
        await using var proxy = ImpairmentProxy.Start(target.EndPoint, seed);
        proxy.Upstream.Options = ImpairmentOptions.Loss(40);
        for (int i = 0; i < 300; i++)
        {
            client.Send(proxy.EndPoint, i);
        }

        await WaitAsync(() => proxy.Upstream.Counters is { Received: 300, Queued: 0 }, "300 datagrams received, none in flight", proxy);
        ImpairmentCounters counters = proxy.Upstream.Counters;
        await target.WaitForAsync((int)counters.Forwarded, Timeout, proxy.ToString);
        Assert.Equal(300, counters.Forwarded + counters.DroppedRandom);
        return [.. target.Arrivals.Select(a => a.Index).Order()];
    }

    [Fact]
    public async Task Burst_loss_drops_runs_of_the_burst_length()
    {
        using var target = new UdpProbe();
        using var client = new UdpProbe();
        await using var proxy = ImpairmentProxy.Start(target.EndPoint, seed: 7);
        proxy.Upstream.Options = new ImpairmentOptions { BurstStartPercent = 5, BurstLength = 4 };
        for (int i = 0; i < 400; i++)
        {
            client.Send(proxy.EndPoint, i);
        }

        await WaitAsync(() => proxy.Upstream.Counters is { Received: 400, Queued: 0 }, "400 datagrams received", proxy);
        await target.WaitForAsync((int)proxy.Upstream.Counters.Forwarded, Timeout, proxy.ToString);
        int[] received = [.. target.Arrivals.Select(a => a.Index).Order(), 400];
        int[] gaps = [.. received.Zip(received.Skip(1), (a, b) => b - a - 1).Where(g => g > 0)];
        Assert.NotEmpty(gaps);
        Assert.All(gaps[..^1], g => Assert.Equal(0, g % 4)); // the last run may be cut short by the end of the stream
        Assert.Equal(proxy.Upstream.Counters.DroppedBurst, gaps.Sum());
        Assert.Equal(0, proxy.Upstream.Counters.DroppedRandom);
    }

    [Fact]
    public async Task Delay_and_jitter_hold_each_datagram_for_the_delay_plus_or_minus_the_jitter()
    {
        using var target = new UdpProbe();
        using var client = new UdpProbe();
        await using var proxy = ImpairmentProxy.Start(target.EndPoint, seed: 3);
        proxy.Upstream.Options = new ImpairmentOptions { Delay = TimeSpan.FromMilliseconds(80), Jitter = TimeSpan.FromMilliseconds(20) };
        for (int i = 0; i < 60; i++)
        {
            client.Send(proxy.EndPoint, i);
        }

        await target.WaitForAsync(60, Timeout, proxy.ToString);
        TimeSpan[] transit = [.. target.Arrivals.Select(a => a.Transit)];
        Assert.True(transit.Min() >= TimeSpan.FromMilliseconds(59), $"Expected every datagram held ≥ 60 ms; the shortest took {transit.Min().TotalMilliseconds} ms");
        // Sent back to back, they leave in the order of their jittered due times (arrival times themselves bunch up
        // when a busy machine wakes the proxy late, the order does not).
        int[] order = [.. target.Arrivals.Select(a => a.Index)];
        Assert.NotEqual(Enumerable.Range(0, 60), order);
    }

    [Fact]
    public async Task Reordering_holds_back_a_share_so_that_later_datagrams_overtake_them()
    {
        using var target = new UdpProbe();
        using var client = new UdpProbe();
        await using var proxy = ImpairmentProxy.Start(target.EndPoint, seed: 5);
        proxy.Upstream.Options = new ImpairmentOptions { ReorderPercent = 30, ReorderDelay = TimeSpan.FromMilliseconds(50) };
        for (int i = 0; i < 100; i++)
        {
            client.Send(proxy.EndPoint, i);
        }

        await target.WaitForAsync(100, Timeout, proxy.ToString);
        int[] order = [.. target.Arrivals.Select(a => a.Index)];
        Assert.Equal(Enumerable.Range(0, 100), order.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), order);
        Assert.InRange(proxy.Upstream.Counters.Reordered, 10, 55);
    }

    [Fact]
    public async Task A_bandwidth_cap_paces_to_the_rate_drops_what_overflows_its_queue_and_lifts_at_run_time()
    {
        using var target = new UdpProbe();
        using var client = new UdpProbe();
        await using var proxy = ImpairmentProxy.Start(target.EndPoint, seed: 9);
        proxy.Upstream.Options = new ImpairmentOptions { BandwidthBitsPerSecond = 400_000, BucketBytes = 3_000, QueueBytes = 20_000 };
        for (int i = 0; i < 200; i++)
        {
            client.Send(proxy.EndPoint, i, size: 1000);
        }

        await WaitAsync(() => proxy.Upstream.Counters is { Received: 200, Queued: 0 }, "the capped queue drained", proxy);
        ImpairmentCounters capped = proxy.Upstream.Counters;
        await target.WaitForAsync((int)capped.Forwarded, Timeout, proxy.ToString);
        Assert.InRange(capped.Forwarded, 15, 30); // ~3 KB bucket + 20 KB queue (+ what left while the burst arrived)
        Assert.Equal(200 - capped.Forwarded, capped.DroppedQueue);
        // The burst was sent at once; what left beyond the bucket waited its turn at the cap, so the last one forwarded
        // spent at least that long in transit (uncapped, milliseconds). A busy machine only makes it later.
        TimeSpan longest = target.Arrivals.Max(a => a.Transit);
        double minimum = 0.9 * (capped.ForwardedBytes - 3_000) * 8.0 / 400_000;
        Assert.True(longest.TotalSeconds >= minimum, $"Expected the cap to hold the last of {capped.ForwardedBytes} B ≥ {minimum:F2} s; it took {longest.TotalSeconds:F2} s");

        // A slow cap with a deep queue; lifting it releases what is queued at once.
        proxy.Upstream.Options = new ImpairmentOptions { BandwidthBitsPerSecond = 16_000, QueueBytes = 100_000 };
        for (int i = 1000; i < 1040; i++)
        {
            client.Send(proxy.EndPoint, i, size: 1000); // 40 KB: 20 s at 16 kbit/s
        }

        await WaitAsync(() => proxy.Upstream.Counters.Received == 240, "the second burst arrived", proxy);
        Assert.True(proxy.Upstream.Counters.Queued > 30, $"Expected most of the second burst queued behind the cap; {proxy.Upstream}");
        proxy.Upstream.Options = ImpairmentOptions.None;
        await target.WaitForAsync((int)capped.Forwarded + 40, TimeSpan.FromSeconds(10), proxy.ToString);
        Assert.Equal(capped.DroppedQueue, proxy.Upstream.Counters.DroppedQueue);
    }

    [Fact]
    public async Task Rtp_only_impairment_lets_stun_and_dtls_through()
    {
        using var target = new UdpProbe();
        using var client = new UdpProbe();
        await using var proxy = ImpairmentProxy.Start(target.EndPoint, seed: 11);
        proxy.Upstream.Options = new ImpairmentOptions { LossPercent = 100, RtpOnly = true };
        for (int i = 0; i < 20; i++)
        {
            client.Send(proxy.EndPoint, i, first: 0x80); // RTP: dropped
            client.Send(proxy.EndPoint, i, first: 0x00); // STUN: passes
            client.Send(proxy.EndPoint, i, first: 22); // DTLS: passes
        }

        await WaitAsync(() => proxy.Upstream.Counters is { Received: 60, Queued: 0 }, "60 datagrams received", proxy);
        await target.WaitForAsync(40, Timeout, proxy.ToString);
        Assert.Equal(20, proxy.Upstream.Counters.DroppedRandom);
    }

    [Fact]
    public async Task RouteAnswer_points_the_candidate_and_media_ports_at_the_proxy()
    {
        using var target = new UdpProbe();
        await using var proxy = ImpairmentProxy.Start(target.EndPoint, seed: 1);
        int port = target.EndPoint.Port;
        string answer = $"v=0\r\nm=audio {port} UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 127.0.0.1\r\na=candidate:1 1 udp 2130706431 127.0.0.1 {port} typ host\r\n"
            + $"m=video {port} UDP/TLS/RTP/SAVPF 96\r\na=candidate:1 1 udp 2130706431 127.0.0.1 {port} typ host\r\n";

        string routed = proxy.RouteAnswer(answer);

        int ours = proxy.EndPoint.Port;
        Assert.Equal(answer.Replace($" {port} ", $" {ours} ", StringComparison.Ordinal), routed);
        Assert.DoesNotContain($" {port} ", routed, StringComparison.Ordinal);
    }

    private static async Task WaitAsync(Func<bool> condition, string expected, ImpairmentProxy proxy)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Timeout)
            {
                throw new TimeoutException($"Expected {expected} within {Timeout}; found\n{proxy}");
            }

            await Task.Delay(10);
        }
    }
}
