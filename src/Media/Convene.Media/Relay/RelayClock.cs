using System.Diagnostics;

namespace Convene.Media.Relay;

/// <summary>
/// The relay's periodic work (reports, REMB, talking timeouts, layer liveness) on one dedicated thread that sleeps between
/// ticks. A <see cref="System.Threading.Timer"/> would hand every tick to the thread pool, whose worker then spins
/// (<c>sched_yield</c>) before it sleeps again: measured with <c>bench … idle</c>, that was most of an idle relay's CPU.
/// Ticks never overlap; a tick that overruns delays the next one rather than queueing them.
/// </summary>
internal sealed class RelayClock : IAsyncDisposable
{
    private readonly ManualResetEventSlim _stop = new(false, spinCount: 0);
    private readonly Thread _thread;
    private readonly TimeSpan _period;
    private readonly Action _tick;

    public RelayClock(TimeSpan period, Action tick, string name)
    {
        _period = period;
        _tick = tick;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public ValueTask DisposeAsync()
    {
        _stop.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
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

            if (_stop.Wait(Stopwatch.GetElapsedTime(now, next)))
            {
                return;
            }

            try
            {
                _tick();
            }
            catch (Exception)
            {
                // The tick guards each room itself; nothing may end the clock.
            }
        }
    }
}
