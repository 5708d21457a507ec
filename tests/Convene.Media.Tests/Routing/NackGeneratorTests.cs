using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

/// <summary>The relay's NACKs towards a publisher (RFC 4585 §6.2.1): what is missing, when it is asked for again, when it is given up.</summary>
public sealed class NackGeneratorTests
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(50);
    private readonly ManualTimeProvider _time = new();

    private ushort[] Due(NackGenerator generator)
    {
        Span<ushort> due = stackalloc ushort[64];
        int n = generator.CollectDue(_time.GetTimestamp(), due);
        return due[..n].ToArray();
    }

    [Fact]
    public void A_gap_is_nacked_at_once_and_again_after_the_retry_interval()
    {
        var generator = new NackGenerator(Retry, Retry * 3, _time);
        Assert.False(generator.OnPacket(100));
        Assert.False(generator.OnPacket(101));
        Assert.True(generator.OnPacket(104)); // 102 and 103 missing

        Assert.Equal([102, 103], Due(generator));
        Assert.Empty(Due(generator)); // asked for just now
        _time.Advance(Retry - TimeSpan.FromMilliseconds(1));
        Assert.Empty(Due(generator));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([102, 103], Due(generator));
    }

    [Fact]
    public void A_packet_that_arrives_late_is_no_longer_asked_for()
    {
        var generator = new NackGenerator(Retry, Retry * 3, _time);
        generator.OnPacket(10);
        generator.OnPacket(14);
        Assert.False(generator.OnPacket(12)); // the retransmission (or a reordered packet)

        Assert.Equal([11, 13], Due(generator));
        Assert.Equal(2, generator.Missing);
        Assert.Equal(1, generator.Recovered);
    }

    [Fact]
    public void A_packet_still_missing_after_the_time_bound_is_given_up()
    {
        var generator = new NackGenerator(Retry, Retry * 4, _time);
        generator.OnPacket(1);
        generator.OnPacket(3);
        Assert.Equal([2], Due(generator));
        for (int i = 0; i < 3; i++)
        {
            _time.Advance(Retry);
            Assert.Equal([2], Due(generator));
        }

        _time.Advance(Retry - TimeSpan.FromMilliseconds(1));
        Assert.Empty(Due(generator));
        Assert.Equal(1, generator.Missing); // not yet: 199 ms of 200
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Empty(Due(generator));
        Assert.Equal(0, generator.Missing);
        Assert.Equal(1, generator.TakeGivenUp());
        Assert.Equal(0, generator.TakeGivenUp());
    }

    [Fact]
    public void A_changed_retry_interval_applies_to_what_is_already_missing()
    {
        var generator = new NackGenerator(Retry, TimeSpan.FromSeconds(1), _time);
        generator.OnPacket(1);
        generator.OnPacket(3);
        Assert.Equal([2], Due(generator));
        generator.RetryInterval = TimeSpan.FromMilliseconds(10);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal([2], Due(generator));
    }

    [Fact]
    public void Sequence_numbers_wrap_around()
    {
        var generator = new NackGenerator(Retry, Retry * 3, _time);
        generator.OnPacket(65533);
        generator.OnPacket(1); // 65534, 65535, 0 missing

        Assert.Equal([65534, 65535, 0], Due(generator));
    }

    [Fact]
    public void A_jump_too_large_to_recover_packet_by_packet_is_given_up_at_once()
    {
        var generator = new NackGenerator(Retry, Retry * 3, _time);
        generator.OnPacket(1000);
        Assert.False(generator.OnPacket(2000));

        Assert.Empty(Due(generator));
        Assert.Equal(999, generator.TakeGivenUp());
    }

    [Fact]
    public void A_restart_far_behind_resets_without_nacks()
    {
        var generator = new NackGenerator(Retry, Retry * 3, _time);
        generator.OnPacket(30000);
        generator.OnPacket(5);
        generator.OnPacket(6);

        Assert.Empty(Due(generator));
        Assert.Equal(0, generator.TakeGivenUp());
    }
}
