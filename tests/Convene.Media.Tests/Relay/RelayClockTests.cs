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

            return true;
        }, "test clock");

        Assert.True(await tenTicks.WaitAsync(_timeout), $"Expected 10 ticks within {_timeout}, found {Volatile.Read(ref ticks)}");
        await clock.DisposeAsync();
        int stopped = Volatile.Read(ref ticks);

        Assert.NotEqual(Environment.CurrentManagedThreadId, tickThread);
        // Disposal joins the thread: no tick can start afterwards. Wait on a fresh clock so the check is not a bare sleep.
        using var later = new SemaphoreSlim(0);
        await using (new RelayClock(TimeSpan.FromMilliseconds(10), () => later.Release() >= 0, "witness"))
        {
            Assert.True(await later.WaitAsync(_timeout));
            Assert.True(await later.WaitAsync(_timeout));
        }

        Assert.Equal(stopped, Volatile.Read(ref ticks));
    }

    [Fact]
    public async Task A_tick_with_nothing_to_do_parks_the_clock_until_it_is_woken()
    {
        int ticks = 0;
        using var ticked = new SemaphoreSlim(0);
        await using var clock = new RelayClock(TimeSpan.FromMilliseconds(5), () =>
        {
            Interlocked.Increment(ref ticks);
            ticked.Release();
            return false; // nothing to do: park
        }, "parking clock");

        Assert.True(await ticked.WaitAsync(_timeout), "Expected the first tick");
        // Parked: a clock still ticking every 5 ms would tick ~40 times in the 200 ms this waits for one more tick.
        Assert.False(await ticked.WaitAsync(TimeSpan.FromMilliseconds(200)), $"Expected no tick while parked, found {Volatile.Read(ref ticks)} ticks");

        clock.Wake();
        Assert.True(await ticked.WaitAsync(_timeout), "Expected a tick after Wake");
        Assert.Equal(2, Volatile.Read(ref ticks));
    }
}
