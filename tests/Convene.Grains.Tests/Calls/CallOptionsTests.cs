using Convene.Grains.Calls;

namespace Convene.Grains.Tests.Calls;

/// <summary>What <c>Convene:Calls</c> accepts (the silo refuses to start otherwise: ValidateOnStart).</summary>
public sealed class CallOptionsTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.Null(new CallOptions().Validate());

    [Theory]
    [InlineData(0, 0, 120, "RingTimeout")]
    [InlineData(601, 0, 120, "RingTimeout")]
    [InlineData(45, -1, 120, "DefaultMaxBitrateKbps")]
    [InlineData(45, 0, -1, "RecordRetention")]
    public void Unworkable_values_are_named(int ringSeconds, int bitrate, int retentionSeconds, string named)
    {
        var options = new CallOptions
        {
            RingTimeout = TimeSpan.FromSeconds(ringSeconds),
            DefaultMaxBitrateKbps = bitrate,
            RecordRetention = TimeSpan.FromSeconds(retentionSeconds),
        };
        Assert.Contains(named, options.Validate());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(301)]
    public void A_media_loss_grace_outside_0_to_5_minutes_is_named(int seconds) =>
        Assert.Contains("MediaLossGrace", new CallOptions { MediaLossGrace = TimeSpan.FromSeconds(seconds) }.Validate());

    [Fact]
    public void A_media_loss_grace_of_zero_ends_at_once_and_is_valid() =>
        Assert.Null(new CallOptions { MediaLossGrace = TimeSpan.Zero }.Validate());
}
