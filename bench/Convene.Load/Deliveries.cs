using System.Diagnostics;

namespace Convene.Load;

/// <summary>
/// Fan-out bookkeeping for one kind of event: when each item was sent, who got it (once), the latencies, and an
/// awaitable "everything expected has arrived". Events arrive on many thread-pool threads: everything is locked.
/// </summary>
internal sealed class Deliveries
{
    private readonly Dictionary<string, (long SentAt, HashSet<string> Receivers)> _sent = [];
    private readonly List<double> _latencies = [];
    private TaskCompletionSource? _all;
    private int _expected = int.MaxValue;

    public int Delivered { get; private set; }
    public int Duplicates { get; private set; }
    public int Stray { get; private set; }

    public void Sent(string key, long at)
    {
        lock (_sent) _sent[key] = (at, []);
    }

    public void Forget(string key)
    {
        lock (_sent) _sent.Remove(key);
    }

    public int SentCount
    {
        get
        {
            lock (_sent) return _sent.Count;
        }
    }

    public void Received(string key, string receiver)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_sent)
        {
            if (!_sent.TryGetValue(key, out var item)) { Stray++; return; }
            if (!item.Receivers.Add(receiver)) { Duplicates++; return; }
            _latencies.Add(Stopwatch.GetElapsedTime(item.SentAt, now).TotalMilliseconds);
            Delivered++;
            if (Delivered >= _expected) _all?.TrySetResult();
        }
    }

    public bool Got(string key, string receiver)
    {
        lock (_sent) return _sent.TryGetValue(key, out var item) && item.Receivers.Contains(receiver);
    }

    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (_sent) return [.. _sent.Keys];
        }
    }

    public double[] Latencies
    {
        get
        {
            lock (_sent) return [.. _latencies];
        }
    }

    /// <summary>Waits until <paramref name="expected"/> deliveries arrived, or <paramref name="timeout"/> passed.</summary>
    public async Task WaitAsync(int expected, TimeSpan timeout)
    {
        Task all;
        lock (_sent)
        {
            _expected = expected;
            if (Delivered >= expected) return;
            _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            all = _all.Task;
        }
        await Task.WhenAny(all, Task.Delay(timeout));
    }
}
