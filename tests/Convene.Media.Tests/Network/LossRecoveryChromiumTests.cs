using System.Net;
using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Xunit.Abstractions;

namespace Convene.Media.Tests.Network;

/// <summary>
/// Loss recovery with real Chromium peers through the impairment proxy, each run side by side with a same-run
/// baseline: a second relay with <see cref="MediaRelayOptions.LossRecovery"/> off (no RTX, no NACKs upstream) under
/// the same loss. The machine may be busy (CPU starvation freezes video by itself), so freezes are compared with the
/// baseline rather than held to zero; the 60 s measurements are <c>bench/Convene.Bench loss</c>.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class LossRecoveryChromiumTests(RelayBrowserFixture fx, ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task At_10_percent_loss_to_the_subscriber_nacks_are_answered_as_rtx_and_video_does_not_freeze_more_than_without()
    {
        var loss = new ImpairmentOptions { LossPercent = 10, RtpOnly = true };
        await using var baselineRelay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, LossRecovery = false });
        var (rtx, baseline) = await RunBothAsync(baselineRelay, new LossRunSettings(SubscriberDownlink: loss));

        Assert.True(rtx.RtxNegotiated, $"Expected rtx in the subscriber's answer.\n{rtx}");
        Assert.False(baseline.RtxNegotiated, $"Expected no rtx with LossRecovery off.\n{baseline}");
        Assert.True(rtx.SubscriberNacks > 0 && rtx.RetransmittedReceived > 0, $"Expected the subscriber's NACKs answered as RTX.\n{rtx}");
        Assert.Equal(0, baseline.RetransmittedReceived); // without RTX, resent packets are not told apart
        Assert.True(rtx.FramesDecoded > 0 && rtx.Fps > 0.5 * baseline.Fps, $"Expected video decoding at least half as fast as the baseline.\n{rtx}\n{baseline}");
        // The relay asked the lossy subscriber for a playout delay (100 ms, then 250 ms once ≥ 8 % is NACKed; ramped) and Chromium kept it.
        // 50 ms, not 100: the seeded 10 % can come out near 5 % in 15 s (CI saw 34 of 607 dropped), so the 100 ms level,
        // ramped from 0 at 10 ms per 100 ms, averages ~75 ms over the window; without the extension it is 10–30 ms.
        Assert.True(rtx.BufferMs >= 50 && rtx.BufferMs > 2 * baseline.BufferMs, $"Expected the subscriber's jitter buffer to hold frames ≥ 50 ms on average under loss (playout-delay extension: 100 ms, 250 ms at ≥ 8 % NACKed, ramped), more than twice the baseline's.\n{rtx}\n{baseline}");
        // No freeze is the goal; one is let pass for a scheduling hiccup, and a busy machine (which freezes video with no
        // loss at all) freezes both runs alike, so more are compared with the baseline.
        Assert.True(
            rtx.FreezeCount <= 1 || rtx.FreezeCount <= baseline.FreezeCount,
            $"Expected at most one freeze with RTX, or no more than the same-run baseline without it.\n{rtx}\n{baseline}");
    }

    [Fact]
    public async Task Loss_on_the_publishers_uplink_is_nacked_upstream_and_recovered_from_its_rtx()
    {
        var loss = new ImpairmentOptions { LossPercent = 5, RtpOnly = true };
        await using var baselineRelay = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, LossRecovery = false });
        var (rtx, baseline) = await RunBothAsync(baselineRelay, new LossRunSettings(PublisherUplink: loss));

        Assert.True(rtx.PublisherNacks > 0 && rtx.RetransmittedSent > 0, $"Expected the relay to NACK the publisher and the publisher to retransmit.\n{rtx}");
        Assert.Equal(0, baseline.PublisherNacks); // the relay without loss recovery never asks the publisher
        Assert.True(rtx.FramesDecoded > 0, $"Expected the subscriber decoding.\n{rtx}");
        // Recovery upstream replaces keyframe requests: no more PLIs than the baseline, which has nothing else.
        Assert.True(rtx.PliCount <= baseline.PliCount, $"Expected no more keyframe requests with recovery.\n{rtx}\n{baseline}");
        Assert.True(
            rtx.FreezeCount <= 1 || rtx.FreezeSeconds < baseline.FreezeSeconds,
            $"Expected at most one freeze with upstream recovery, or less frozen time than the same-run baseline.\n{rtx}\n{baseline}");
    }

    private async Task<(LossRunResult Rtx, LossRunResult Baseline)> RunBothAsync(MediaRelay baselineRelay, LossRunSettings settings)
    {
        LossRun Run(MediaRelay relay, string name) => new(fx.Browser, relay, name, RelayBrowserFixture.Step)
        {
            PublisherUplink = settings.PublisherUplink ?? ImpairmentOptions.None,
            SubscriberDownlink = settings.SubscriberDownlink ?? ImpairmentOptions.None,
        };

        var results = await Task.WhenAll(Run(fx.Relay, "RTX + NACK upstream").RunAsync(Window), Run(baselineRelay, "baseline: NACK from cache only").RunAsync(Window));
        output.WriteLine("| run | window | freezes | frozen | framesDropped | fps | subscriber NACKs | RTX received | publisher NACKs | retransmitted sent | PLIs | jitter buffer |");
        output.WriteLine($"{results[0]}\n{results[1]}");
        return (results[0], results[1]);
    }

    private sealed record LossRunSettings(ImpairmentOptions? PublisherUplink = null, ImpairmentOptions? SubscriberDownlink = null);
}
