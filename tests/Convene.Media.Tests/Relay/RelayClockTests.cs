using Convene.Media.Relay;

namespace Convene.Media.Tests.Relay;

/// <summary>The relay's tick thread.</summary>
public sealed class RelayClockTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_clock_ticks_on_its_own_thread_survives_a_failing_tick_and_stops_when_disposed()
    {
        int ticks = 0;
        int? tickThread = null;
        using var tenTicks = new SemaphoreSlim(0);
        var clock = new RelayClock(TimeSpan.FromMilliseconds(10), () =>
        {
            tickThread ??= Environment.CurrentManagedThreadId;
            int n = Interlocked.Increment(ref ticks);
            if (n == 10)
            {
                tenTicks.Release();
            }

            if (n == 3)
            {
                throw new InvalidOperationException("a failing tick");
            }
        }, "test clock");

        Assert.True(await tenTicks.WaitAsync(_timeout), $"Expected 10 ticks within {_timeout}, found {Volatile.Read(ref ticks)}");
        await clock.DisposeAsync();
        int stopped = Volatile.Read(ref ticks);

        Assert.NotEqual(Environment.CurrentManagedThreadId, tickThread);
        // Disposal joins the thread: no tick can start afterwards. Wait on a fresh clock so the check is not a bare sleep.
        using var later = new SemaphoreSlim(0);
        await using (new RelayClock(TimeSpan.FromMilliseconds(10), () => later.Release(), "witness"))
        {
            Assert.True(await later.WaitAsync(_timeout));
            Assert.True(await later.WaitAsync(_timeout));
        }

        Assert.Equal(stopped, Volatile.Read(ref ticks));
    }
}
