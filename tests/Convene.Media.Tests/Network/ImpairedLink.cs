using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Convene.Media.Tests.Network;

/// <summary>
/// One direction of an <see cref="ImpairmentProxy"/>: decides per datagram (seeded <see cref="Random"/>) whether it
/// is lost, how long it is held, and when the bandwidth cap lets it leave. One thread per link sends what is due;
/// <see cref="Options"/> may be replaced at any time and applies to the next datagram (a cap change applies to the
/// queue at once: lifting the cap flushes it).
/// </summary>
public sealed class ImpairedLink : IDisposable
{
    private readonly object _gate = new(); // not System.Threading.Lock: Monitor.Wait/Pulse need a monitor
    private readonly Random _random;
    private readonly PriorityQueue<Pending, (long Due, long Order)> _delayed = new();
    private readonly Queue<Pending> _queue = new();
    private readonly Thread _thread;
    private ImpairmentOptions _options = ImpairmentOptions.None;
    private long _order;
    private int _burstLeft;
    private int _queueBytes;
    private double _tokens;
    private long _tokensAt;
    private bool _stopped;
    private long _received, _forwarded, _forwardedBytes, _droppedRandom, _droppedBurst, _droppedQueue, _reordered;

    internal ImpairedLink(string name, int seed)
    {
        Name = name;
        Seed = seed;
        _random = new Random(seed);
        _thread = new Thread(Run) { IsBackground = true, Name = $"impairment {name}" };
        _thread.Start();
    }

    /// <summary>"up" (client → target) or "down" (target → client).</summary>
    public string Name { get; }

    /// <summary>The seed of this direction's <see cref="Random"/>.</summary>
    public int Seed { get; }

    /// <summary>What this direction does now; set to change it while traffic flows.</summary>
    public ImpairmentOptions Options
    {
        get { lock (_gate) { return _options; } }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                if (_options.BandwidthBitsPerSecond is null && value.BandwidthBitsPerSecond is not null)
                {
                    (_tokens, _tokensAt) = (value.BucketBytes, Stopwatch.GetTimestamp());
                }

                _options = value;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>A snapshot of what this direction did so far.</summary>
    public ImpairmentCounters Counters
    {
        get
        {
            lock (_gate)
            {
                return new ImpairmentCounters(_received, _forwarded, _forwardedBytes, _droppedRandom, _droppedBurst, _droppedQueue, _reordered, _delayed.Count + _queue.Count);
            }
        }
    }

    /// <summary>Takes one datagram that arrived for this direction; it leaves through <paramref name="socket"/> to <paramref name="destination"/> unless dropped.</summary>
    internal void Submit(byte[] datagram, Socket socket, EndPoint destination)
    {
        lock (_gate)
        {
            _received++;
            ImpairmentOptions o = _options;
            TimeSpan delay = TimeSpan.Zero;
            if (!o.RtpOnly || datagram.Length > 0 && datagram[0] is >= 128 and <= 191)
            {
                if (_burstLeft > 0)
                {
                    _burstLeft--;
                    _droppedBurst++;
                    return;
                }

                if (o.BurstStartPercent > 0 && _random.NextDouble() * 100 < o.BurstStartPercent)
                {
                    _burstLeft = Math.Max(0, o.BurstLength - 1);
                    _droppedBurst++;
                    return;
                }

                if (o.LossPercent > 0 && _random.NextDouble() * 100 < o.LossPercent)
                {
                    _droppedRandom++;
                    return;
                }

                delay = o.Delay;
                if (o.Jitter > TimeSpan.Zero)
                {
                    delay += o.Jitter * (2 * _random.NextDouble() - 1);
                }

                if (o.ReorderPercent > 0 && _random.NextDouble() * 100 < o.ReorderPercent)
                {
                    delay += o.ReorderDelay;
                    _reordered++;
                }
            }

            long due = Stopwatch.GetTimestamp() + (long)(Math.Max(0, delay.TotalSeconds) * Stopwatch.Frequency);
            _delayed.Enqueue(new Pending(datagram, socket, destination), (due, _order++));
            Monitor.PulseAll(_gate);
        }
    }

    private void Run()
    {
        var ready = new List<Pending>();
        while (true)
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_stopped)
                    {
                        return;
                    }

                    long now = Stopwatch.GetTimestamp();
                    long wait = Advance(now, ready);
                    if (ready.Count > 0)
                    {
                        break;
                    }

                    Monitor.Wait(_gate, wait < 0 ? Timeout.Infinite : (int)Math.Clamp(wait * 1000 / Stopwatch.Frequency + 1, 1, 1000));
                }
            }

            foreach (Pending p in ready)
            {
                try
                {
                    p.Socket.SendTo(p.Datagram, SocketFlags.None, p.Destination);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    // the proxy is closing, or the far side is gone: nothing to do for a test harness
                }
            }

            ready.Clear();
        }
    }

    // Moves due datagrams through the cap into `ready`; returns the ticks until something else is due (-1: nothing).
    private long Advance(long now, List<Pending> ready)
    {
        ImpairmentOptions o = _options;
        while (_delayed.TryPeek(out Pending p, out var key) && key.Due <= now)
        {
            _delayed.Dequeue();
            if (o.BandwidthBitsPerSecond is null && _queue.Count == 0)
            {
                Forward(p, ready);
            }
            else if (_queueBytes + p.Datagram.Length > o.QueueBytes)
            {
                _droppedQueue++;
            }
            else
            {
                _queue.Enqueue(p);
                _queueBytes += p.Datagram.Length;
            }
        }

        long wait = _delayed.TryPeek(out _, out var next) ? next.Due - now : -1;
        if (_queue.Count == 0)
        {
            return wait;
        }

        if (o.BandwidthBitsPerSecond is not { } rate)
        {
            while (_queue.TryDequeue(out Pending p))
            {
                _queueBytes -= p.Datagram.Length;
                Forward(p, ready);
            }

            return wait;
        }

        // Token bucket (RFC 2697-style single rate): tokens in bytes, refilled at the cap, at most BucketBytes.
        double bytesPerTick = rate / 8.0 / Stopwatch.Frequency;
        _tokens = Math.Min(o.BucketBytes, _tokens + (now - _tokensAt) * bytesPerTick);
        _tokensAt = now;
        while (_queue.TryPeek(out Pending head) && (_tokens >= head.Datagram.Length || _tokens >= o.BucketBytes))
        {
            _queue.Dequeue();
            _queueBytes -= head.Datagram.Length;
            _tokens -= head.Datagram.Length;
            Forward(head, ready);
        }

        if (_queue.TryPeek(out Pending waiting))
        {
            long refill = (long)Math.Ceiling((Math.Min(waiting.Datagram.Length, o.BucketBytes) - _tokens) / bytesPerTick);
            wait = wait < 0 ? refill : Math.Min(wait, refill);
        }

        return wait;
    }

    private void Forward(Pending p, List<Pending> ready)
    {
        _forwarded++;
        _forwardedBytes += p.Datagram.Length;
        ready.Add(p);
    }

    /// <summary>Stops the sending thread; what is still held is dropped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join(TimeSpan.FromSeconds(5));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} (seed {Seed}): {Options} — {Counters}";

    private readonly record struct Pending(byte[] Datagram, Socket Socket, EndPoint Destination);
}
