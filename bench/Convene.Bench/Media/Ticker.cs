using System.Diagnostics;

namespace Convene.Bench.Media;

/// <summary>
/// Calls an action <c>rate</c> times a second on a dedicated thread that sleeps between calls (unlike
/// <see cref="PacedSender"/>, which wakes every millisecond): at low rates its own wake-ups stay as few as the packets.
/// </summary>
internal sealed class Ticker : IDisposable
{
    private readonly ManualResetEventSlim _stop = new(false, spinCount: 0);
    private readonly Thread _thread;

    public Ticker(double rate, Action<long> action)
    {
        _thread = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            for (long n = 0; !_stop.IsSet; n++)
            {
                action(n);
                double due = (n + 1) / rate;
                int wait = (int)Math.Max(0, (due - clock.Elapsed.TotalSeconds) * 1000);
                _stop.Wait(wait);
            }
        })
        {
            IsBackground = true,
            Name = "ticker",
        };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
