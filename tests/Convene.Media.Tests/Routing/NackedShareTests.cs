using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

/// <summary>The NACKed share of a down-track's last 128 packets, with hysteresis (high from 8 %, low under 4 %).</summary>
public sealed class NackedShareTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(2, false)]
    [InlineData(5, false)]
    [InlineData(10, true)]
    [InlineData(20, true)]
    public void The_share_of_the_last_128_packets_decides_from_a_clean_start(int percent, bool high)
    {
        var share = new NackedShare();
        Run(share, percent, packets: 256);
        Assert.Equal(high, share.High);
    }

    [Fact]
    public void Once_high_it_stays_high_at_5_percent_and_turns_low_under_4_percent_within_128_packets()
    {
        var share = new NackedShare();
        Run(share, 10, packets: 128);
        Assert.True(share.High, "10 % of 128 packets NACKed");
        Run(share, 5, packets: 512);
        Assert.True(share.High, "5 % is above the low line: still high");
        Run(share, 2, packets: 160);
        Assert.False(share.High, "2 % of the last 128 packets: low again");
    }

    [Fact]
    public void It_turns_high_within_the_first_128_packets_of_heavy_loss_after_a_long_clean_run()
    {
        var share = new NackedShare();
        Run(share, 0, packets: 10_000);
        Assert.False(share.High);
        Run(share, 10, packets: 128);
        Assert.True(share.High, "the clean past is forgotten after one window");
    }

    // Every (100 / percent)-th packet is NACKed, evenly.
    private static void Run(NackedShare share, int percent, int packets)
    {
        double owed = 0;
        for (int i = 0; i < packets; i++)
        {
            share.OnSent();
            owed += percent / 100.0;
            if (owed >= 1)
            {
                share.OnNacked();
                owed -= 1;
            }
        }
    }
}
