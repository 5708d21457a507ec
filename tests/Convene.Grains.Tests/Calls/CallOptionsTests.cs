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
}
