using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

/// <summary>
/// The estimator against a simulated bottleneck: 1,200-byte packets leave at a send rate, queue at a link of a given
/// capacity (arrival = max(send, previous arrival) + serialisation time, plus 20 ms of propagation), and are dropped
/// when the queue holds more than 300 ms (a tbf-like buffer); feedback every 100 ms.
/// </summary>
public sealed class BandwidthEstimatorTests
{
    private const int Size = 1200;

    [Fact]
    public void Sending_above_a_300_kbit_cap_brings_the_estimate_under_the_cap_within_2_seconds()
    {
        var link = new Link(capacityBps: 300_000);
        var estimator = new BandwidthEstimator(initialBps: 1_500_000);
        TimeSpan reached = link.Run(estimator, TimeSpan.FromSeconds(5), _ => 800_000, stopWhen: e => e.EstimateBps < 300_000);
        Assert.True(reached <= TimeSpan.FromSeconds(2), $"Expected the estimate under 300 kbit/s within 2 s; it took {reached}, estimate {estimator.EstimateBps}, delay {estimator.QueuingDelay}, received {estimator.ReceivedBps}.");
        Assert.True(estimator.EstimateBps > 150_000, $"Expected the estimate near the link's rate, found {estimator.EstimateBps}.");
    }

    [Fact]
    public void Following_its_own_estimate_it_stays_near_the_cap_and_climbs_after_the_cap_lifts()
    {
        var link = new Link(capacityBps: 300_000);
        var estimator = new BandwidthEstimator(initialBps: 1_000_000);
        link.Run(estimator, TimeSpan.FromSeconds(10), e => e.EstimateBps);
        Assert.InRange(estimator.EstimateBps, 150_000, 450_000);

        link.CapacityBps = 50_000_000;
        TimeSpan reached = link.Run(estimator, TimeSpan.FromSeconds(30), e => e.EstimateBps, stopWhen: e => e.EstimateBps > 1_500_000);
        Assert.True(reached < TimeSpan.FromSeconds(30), $"Expected the estimate above 1.5 Mbit/s after the cap lifted; after 30 s it is {estimator.EstimateBps}.");
    }

    [Fact]
    public void An_uncongested_link_is_never_decreased()
    {
        var link = new Link(capacityBps: 50_000_000);
        var estimator = new BandwidthEstimator(initialBps: 500_000);
        link.Run(estimator, TimeSpan.FromSeconds(10), _ => 600_000);
        Assert.Equal(0, estimator.Decreases);
        Assert.True(estimator.EstimateBps > 1_000_000, $"Expected growth on a free link, found {estimator.EstimateBps}.");
    }

    [Fact]
    public void A_receiver_that_stalls_on_a_free_link_is_not_read_as_congestion()
    {
        // A busy receiver's network thread stops for 400 ms every 2 s: what arrives meanwhile is stamped when it
        // resumes, and it sends no feedback until then. Nothing queues on the link itself.
        var link = new Link(capacityBps: 50_000_000) { StallPeriodUs = 2_000_000, StallUs = 400_000 };
        var estimator = new BandwidthEstimator(initialBps: 500_000);
        link.Run(estimator, TimeSpan.FromSeconds(10), _ => 600_000);
        Assert.True(link.Stalls >= 4, $"Expected the simulated receiver to stall, found {link.Stalls} stalls.");
        Assert.Equal(0, estimator.Decreases);
        Assert.True(estimator.EstimateBps > 1_000_000, $"Expected growth on a free link with a stalling receiver, found {estimator.EstimateBps}.");
    }

    [Fact]
    public void Heavy_random_loss_without_queueing_lowers_the_estimate()
    {
        var link = new Link(capacityBps: 50_000_000) { LossPercent = 30 };
        var estimator = new BandwidthEstimator(initialBps: 2_000_000);
        link.Run(estimator, TimeSpan.FromSeconds(3), _ => 1_000_000);
        Assert.True(estimator.EstimateBps < 1_000_000, $"Expected 30 % loss to cut the estimate, found {estimator.EstimateBps}, loss {estimator.LossFraction}.");
        Assert.InRange(estimator.LossFraction, 0.15, 0.45);
    }

    [Fact]
    public void Feedback_processing_allocates_nothing()
    {
        var link = new Link(capacityBps: 300_000);
        var estimator = new BandwidthEstimator();
        link.Run(estimator, TimeSpan.FromSeconds(1), _ => 800_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            estimator.OnPacket(i * 1000L, Size, received: i % 7 != 0, arrivalUs: (i * 1000L) + 5000);
            if (i % 50 == 0)
            {
                estimator.OnFeedbackEnd(TimeSpan.FromMilliseconds(1000 + i));
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class Link(long capacityBps)
    {
        private readonly Random _random = new(1234);
        private long _nowUs = 10_000_000;
        private long _lastArrivalUs;

        public long CapacityBps { get; set; } = capacityBps;

        public int LossPercent { get; init; }

        /// <summary>The receiver stops for <see cref="StallUs"/> at the start of every period (0: never).</summary>
        public long StallPeriodUs { get; init; }

        /// <summary>How long each stall lasts: arrivals in it are stamped at its end, and no feedback leaves before.</summary>
        public long StallUs { get; init; }

        public int Stalls { get; private set; }

        /// <summary>Runs for up to <paramref name="duration"/>; returns the time when <paramref name="stopWhen"/> first held.</summary>
        public TimeSpan Run(BandwidthEstimator estimator, TimeSpan duration, Func<BandwidthEstimator, long> sendRate, Func<BandwidthEstimator, bool>? stopWhen = null)
        {
            long startUs = _nowUs;
            long endUs = _nowUs + (long)(duration.TotalMilliseconds * 1000);
            while (_nowUs < endUs)
            {
                long rate = Math.Max(50_000, sendRate(estimator));
                long batchEnd = _nowUs + 100_000;
                while (_nowUs < batchEnd)
                {
                    long serialise = Size * 8L * 1_000_000 / CapacityBps;
                    long start = Math.Max(_nowUs, _lastArrivalUs);
                    bool dropped = start - _nowUs > 300_000 || _random.Next(100) < LossPercent;
                    long arrival = start + serialise;
                    if (!dropped)
                    {
                        _lastArrivalUs = arrival;
                    }

                    estimator.OnPacket(_nowUs, Size, !dropped, StallEnd(arrival + 20_000) ?? arrival + 20_000);
                    _nowUs += Size * 8L * 1_000_000 / rate;
                    if (_nowUs >= batchEnd && StallEnd(batchEnd) is { } resume)
                    {
                        batchEnd = resume; // no feedback while the receiver stalls: it reports everything after
                        Stalls++;
                    }
                }

                estimator.OnFeedbackEnd(TimeSpan.FromMilliseconds(_nowUs / 1000.0));
                if (stopWhen?.Invoke(estimator) == true)
                {
                    return TimeSpan.FromMilliseconds((_nowUs - startUs) / 1000.0);
                }
            }

            return TimeSpan.FromMilliseconds((_nowUs - startUs) / 1000.0);
        }

        private long? StallEnd(long us)
        {
            if (StallPeriodUs == 0 || us % StallPeriodUs >= StallUs)
            {
                return null;
            }

            return us - (us % StallPeriodUs) + StallUs;
        }
    }
}
