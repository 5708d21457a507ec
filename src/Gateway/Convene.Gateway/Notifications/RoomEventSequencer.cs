using Convene.Grains.Rooms;

namespace Convene.Gateway.Notifications;

/// <summary>
/// The reorder buffer of one room's events at this gateway node. Orleans does not order one-way observer calls, so
/// each event carries its <see cref="RoomSequence"/>; this releases them in that order: an early event waits for the
/// missing ones, a late duplicate (or one of a gap given up on) is dropped. A gap that does not fill within the
/// timeout (a message lost with a silo) is given up: what is held is released in order and the gap reported, so the
/// recipients re-read the room's state instead of waiting for an event that will not come. A new epoch (the room was
/// reactivated) starts again at 1; events of an epoch already left are stale and dropped.
/// </summary>
/// <typeparam name="T">What is released: the gateway's delivery of one event.</typeparam>
/// <remarks>
/// Thread-safe. <see cref="RoomEventSequencer{T}"/>'s callbacks run under its lock, in order: they must only enqueue
/// (the gateway chains the SignalR sends), never block.
/// </remarks>
public sealed class RoomEventSequencer<T> : IDisposable
{
    /// <summary>Past this many held events a gap is given up at once rather than at the timeout (bounded memory).</summary>
    public const int MaxHeld = 1024;

    // Epochs left behind, so their late events are recognised as stale; a room reactivates rarely.
    private const int RememberedEpochs = 8;

    private readonly Lock _lock = new();
    // Held events by number, with when each arrived: none waits longer than the timeout.
    private readonly SortedDictionary<long, (T Item, long Arrived)> _held = [];
    private readonly Queue<Guid> _retired = new();
    private readonly TimeSpan _gapTimeout;
    private readonly TimeProvider _time;
    private readonly Action<T> _release;
    private readonly Action<RoomEventGap> _gap;
    private readonly ITimer _timer;
    private Guid? _epoch;
    private long _next = 1;
    private bool _timerArmed;
    private bool _disposed;

    /// <summary>Creates the buffer.</summary>
    /// <param name="gapTimeout">How long an early event waits for the missing ones.</param>
    /// <param name="time">The clock (its timers bound the wait).</param>
    /// <param name="release">Delivers one event; called in sequence order.</param>
    /// <param name="gap">Reports a gap given up, after the events held behind it were released.</param>
    public RoomEventSequencer(TimeSpan gapTimeout, TimeProvider time, Action<T> release, Action<RoomEventGap> gap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(gapTimeout, TimeSpan.Zero);
        _gapTimeout = gapTimeout;
        _time = time;
        _release = release;
        _gap = gap;
        _timer = time.CreateTimer(_ => GiveUpGap(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Events held now, waiting for a missing one.</summary>
    public int Held
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Takes one event: releases it (and any it unblocks) now, holds it, or drops it.</summary>
    /// <returns>What happened to it.</returns>
    public RoomEventArrival Receive(RoomSequence sequence, T item)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        lock (_lock)
        {
            if (_disposed)
            {
                return RoomEventArrival.Dropped;
            }
            if (sequence.Epoch != _epoch)
            {
                if (_retired.Contains(sequence.Epoch))
                {
                    return RoomEventArrival.Dropped;
                }
                StartEpoch(sequence.Epoch);
            }
            if (sequence.Number < _next || _held.ContainsKey(sequence.Number))
            {
                return RoomEventArrival.Dropped;
            }
            if (sequence.Number > _next)
            {
                _held[sequence.Number] = (item, _time.GetTimestamp());
                if (_held.Count > MaxHeld)
                {
                    GiveUpLocked();
                }
                else if (!_timerArmed)
                {
                    Arm();
                }
                return RoomEventArrival.Held;
            }
            _release(item);
            _next++;
            var progressed = false;
            while (_held.Remove(_next, out var waiting))
            {
                _release(waiting.Item);
                _next++;
                progressed = true;
            }
            if (_held.Count == 0)
            {
                Disarm();
            }
            else if (progressed)
            {
                Arm(); // the wait of the oldest event still held
            }
            return RoomEventArrival.Released;
        }
    }

    /// <summary>Stops the timer; later events are dropped.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _held.Clear();
        }
        _timer.Dispose();
    }

    /// <summary>A new activation of the room: what the old one left held is released, its late events dropped.</summary>
    private void StartEpoch(Guid epoch)
    {
        if (_epoch is { } previous)
        {
            foreach (var held in _held.Values)
            {
                _release(held.Item);
            }
            _held.Clear();
            Disarm();
            _retired.Enqueue(previous);
            if (_retired.Count > RememberedEpochs)
            {
                _retired.Dequeue();
            }
        }
        _epoch = epoch;
        _next = 1;
    }

    private void GiveUpGap()
    {
        lock (_lock)
        {
            _timerArmed = false;
            if (_disposed || _held.Count == 0)
            {
                return;
            }
            if (_time.GetElapsedTime(_held.Values.Min(h => h.Arrived)) < _gapTimeout)
            {
                Arm(); // a firing scheduled before the gap moved on
                return;
            }
            GiveUpLocked();
        }
    }

    private void GiveUpLocked()
    {
        var missing = _held.Keys.Last() - _next + 1 - _held.Count;
        var from = _next;
        foreach (var (number, held) in _held)
        {
            _release(held.Item);
            _next = number + 1;
        }
        _held.Clear();
        Disarm();
        _gap(new RoomEventGap(_epoch!.Value, from, missing));
    }

    private void Arm()
    {
        var waited = _time.GetElapsedTime(_held.Values.Min(h => h.Arrived));
        _timer.Change(waited < _gapTimeout ? _gapTimeout - waited : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        _timerArmed = true;
    }

    private void Disarm()
    {
        if (_timerArmed)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timerArmed = false;
        }
    }
}
