using Convene.Actors.Runtime;

namespace Convene.Actors.Timers;

/// <summary>
/// A grain timer. Each tick is queued as a turn of its activation; a tick is skipped while the
/// previous one is still queued or running, so callbacks never overlap.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly ITimer _timer;
    private readonly TimerTick _tick;
    private int _pending;
    private volatile bool _disposed;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, bool interleave, TimeProvider time)
    {
        _activation = activation;
        _tick = new TimerTick(this, callback, interleave) { Target = activation.GrainId };
        _timer = time.CreateTimer(static s => ((GrainTimer)s!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    internal CancellationTokenSource Cancellation { get; } = new();

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _timer.Change(dueTime, period);
    }

    private void OnTick()
    {
        if (_disposed || Interlocked.Exchange(ref _pending, 1) == 1) return;
        _activation.Enqueue(_tick);
    }

    internal void TickDone() => Volatile.Write(ref _pending, 0);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _timer.Dispose();
        Cancellation.Cancel();
        _activation.RemoveTimer(this);
    }
}
