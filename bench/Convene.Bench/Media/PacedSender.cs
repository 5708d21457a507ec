using System.Diagnostics;

namespace Convene.Bench.Media;

/// <summary>
/// Calls a send action at a fixed rate on a dedicated thread: every millisecond or so it sends what is due, so bursts
/// stay small. Waiting uses a non-spinning event, so the pacing itself costs (almost) no CPU and allocates nothing.
/// </summary>
internal sealed class PacedSender : IDisposable
{
    private readonly ManualResetEventSlim _stop = new(false, spinCount: 0);
    private readonly Thread _thread;
    private long _sent;

    public PacedSender(double packetsPerSecond, Action<long> send)
    {
        _thread = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            while (!_stop.IsSet)
            {
                long due = (long)(clock.Elapsed.TotalSeconds * packetsPerSecond);
                while (_sent < due)
                {
                    send(_sent);
                    Interlocked.Increment(ref _sent);
                }

                _stop.Wait(1);
            }
        })
        {
            IsBackground = true,
            Name = "paced sender",
        };
        _thread.Start();
    }

    public long Sent => Interlocked.Read(ref _sent);

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
