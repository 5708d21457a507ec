using System.Collections.Concurrent;

namespace Convene.Media.Relay;

/// <summary>
/// Raises a room's events off the socket loop, one at a time and in the order posted, on the thread pool; a throwing
/// handler is contained so that later events still arrive.
/// </summary>
internal sealed class EventDispatcher
{
    private readonly ConcurrentQueue<Action> _queue = new();
    private int _draining;

    public void Post(Action raise)
    {
        _queue.Enqueue(raise);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static d => d.Drain(), this, preferLocal: false);
        }
    }

    private void Drain()
    {
        while (true)
        {
            while (_queue.TryDequeue(out var raise))
            {
                try
                {
                    raise();
                }
                catch (Exception)
                {
                    // A subscriber's handler failed; the relay's own state is unaffected.
                }
            }

            Volatile.Write(ref _draining, 0);
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return;
            }
        }
    }
}
