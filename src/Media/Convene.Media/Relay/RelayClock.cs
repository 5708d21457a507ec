using System.Diagnostics;

namespace Convene.Media.Relay;

/// <summary>
/// The relay's periodic work (reports, REMB, talking timeouts, layer liveness) on one dedicated thread that sleeps between
/// ticks. A <see cref="System.Threading.Timer"/> would hand every tick to the thread pool, whose worker then spins
/// (<c>sched_yield</c>) before it sleeps again: measured with <c>bench … idle</c>, that was most of an idle relay's CPU.
/// Ticks never overlap; a tick that overruns delays the next one rather than queueing them. A tick that reports nothing
/// to do (no room open) parks the clock until <see cref="Wake"/>: a relay without rooms costs no wake-ups at all.
/// </summary>
internal sealed class RelayClock : IAsyncDisposable
{
    private readonly ManualResetEvent _stop = new(false);
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly TimeSpan _period;
    private readonly Func<bool> _tick;

    /// <param name="period">Time between ticks.</param>
    /// <param name="tick">The work; returns false when there is nothing to tick for until <see cref="Wake"/>.</param>
    /// <param name="name">The thread's name.</param>
    public RelayClock(TimeSpan period, Func<bool> tick, string name)
    {
        _period = period;
        _tick = tick;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Ends a park (work arrived); harmless when the clock is ticking.</summary>
    public void Wake() => _wake.Set();

    public ValueTask DisposeAsync()
    {
        _stop.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(); // the events stay undisposed: a late Wake from a closing relay must not throw
        }

        return ValueTask.CompletedTask;
    }

    private void Run()
    {
        long next = Stopwatch.GetTimestamp();
        long period = (long)(_period.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            next += period;
            long now = Stopwatch.GetTimestamp();
            if (next < now)
            {
                next = now; // overran: start again from now instead of catching up
            }

            if (_stop.WaitOne(Stopwatch.GetElapsedTime(now, next)))
            {
                return;
            }

            _wake.Reset(); // before the tick looks for work: a Wake after this point ends the park below
            bool more;
            try
            {
                more = _tick();
            }
            catch (Exception)
            {
                more = true; // the tick guards each room itself; nothing may end the clock
            }

            if (!more)
            {
                if (WaitHandle.WaitAny([_stop, _wake]) == 0)
                {
                    return;
                }

                next = Stopwatch.GetTimestamp();
            }
        }
    }
}
