using System.Collections.Concurrent;
using Convene.Actors.Invocation;
using Convene.Actors.Timers;
using Microsoft.Extensions.Logging;

namespace Convene.Actors.Runtime;

/// <summary>
/// One activation of a grain (or one registered observer) and its turn scheduler. Work arrives
/// from any thread through two lock-free queues (new messages, and continuations posted by the
/// activation's <see cref="SynchronizationContext"/>) and runs on the thread pool one item at a time,
/// so grain code never runs in parallel with itself. A non-reentrant activation starts the next
/// message only when the previous one has finished; continuations of the running turn always run.
/// </summary>
internal sealed class ActivationData : SynchronizationContext, IThreadPoolWorkItem, IGrainContext
{
    private const int Budget = 128;
    private readonly ConcurrentQueue<Message> _inbox = new();
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _posted = new();
    private readonly Queue<Message> _waiting = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Silo _silo;
    private readonly GrainClass? _grainClass;
    private readonly bool _reentrant;
    private object? _instance;
    private int _scheduled;
    private int _running;
    private volatile ActivationState _state;
    private volatile int _deactivationRequested; // 0 none, else (int)DeactivationReason + 1
    private long _lastActivityMs;
    private long _keepAliveUntilMs;

    /// <summary>A grain activation; it activates itself on <see cref="Start"/>.</summary>
    public ActivationData(Silo silo, GrainId id, GrainClass grainClass)
    {
        _silo = silo;
        GrainId = id;
        _grainClass = grainClass;
        _reentrant = grainClass.Reentrant;
        _state = ActivationState.Activating;
        _lastActivityMs = Environment.TickCount64;
    }

    /// <summary>An observer: calls go to an existing object; there is no lifecycle.</summary>
    public ActivationData(Silo silo, GrainId id, object observer)
    {
        _silo = silo;
        GrainId = id;
        _instance = observer;
        _state = ActivationState.Valid;
        _lastActivityMs = Environment.TickCount64;
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => _silo.GrainFactory;

    public IServiceProvider ServiceProvider => _silo.Services;

    public ActivationState State => _state;

    /// <summary>Completes when the activation has been deactivated and removed.</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>When the activation last started a call (<see cref="Environment.TickCount64"/>).</summary>
    public long LastActivityMs => Volatile.Read(ref _lastActivityMs);

    public bool IsBusy => Volatile.Read(ref _running) > 0 || !_inbox.IsEmpty;

    /// <summary>Queues a message; it runs as a turn of this activation (or of its successor).</summary>
    public void Enqueue(Message message)
    {
        _inbox.Enqueue(message);
        Schedule();
    }

    /// <summary>Starts activation: construct the grain, load its state, run OnActivateAsync.</summary>
    public void Start()
    {
        _running = 1; // the activation turn
        Post(static s => _ = ((ActivationData)s!).ActivateAsync(), this);
    }

    public void DeactivateOnIdle() => RequestDeactivation(DeactivationReason.Requested);

    public void DelayDeactivation(TimeSpan period) =>
        Volatile.Write(ref _keepAliveUntilMs, Environment.TickCount64 + (long)period.TotalMilliseconds);

    /// <summary>Asks for deactivation once no call is running or waiting.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        if (_grainClass is null) return;
        Interlocked.CompareExchange(ref _deactivationRequested, (int)reason + 1, 0);
        Schedule();
    }

    /// <summary>Whether this activation has been idle since before <paramref name="cutoffMs"/>.</summary>
    public bool IsIdleSince(long cutoffMs) =>
        _grainClass is not null && _state == ActivationState.Valid && !IsBusy &&
        LastActivityMs <= cutoffMs && Volatile.Read(ref _keepAliveUntilMs) < Environment.TickCount64;

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period, bool interleave)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_state is ActivationState.Deactivating or ActivationState.Invalid)
        {
            throw new InvalidOperationException($"Grain {GrainId} is deactivating: it cannot register a timer.");
        }
        var timer = new GrainTimer(this, callback, interleave, _silo.TimeProvider);
        lock (_timers) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_timers) _timers.Remove(timer);
    }

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state)
    {
        _posted.Enqueue((d, state));
        Schedule();
    }

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send to a grain activation would deadlock; await instead.");

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Runs queued work; only one thread at a time is here (guarded by <see cref="_scheduled"/>).</summary>
    public void Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        var more = false;
        try
        {
            for (var budget = Budget; budget > 0; budget--)
            {
                if (!Step())
                {
                    break;
                }
                more = budget == 1;
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
        // Work that only this thread can see must not be stranded when the flag is released.
        if (more || HasLocalWork())
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            return;
        }
        // A full fence, not a release write: the queue checks below must not be reordered before it, or an
        // enqueuer that saw the flag still set and this thread that saw the queues empty both walk away.
        Interlocked.Exchange(ref _scheduled, 0);
        if ((!_inbox.IsEmpty || !_posted.IsEmpty) && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private bool HasLocalWork() =>
        (_state == ActivationState.Valid && _waiting.Count > 0 && (_running == 0 || _reentrant)) ||
        (_state == ActivationState.Invalid && _waiting.Count > 0) ||
        (_state == ActivationState.Valid && _running == 0 && _waiting.Count == 0 && _deactivationRequested != 0);

    /// <summary>Does one item of work; false when there is nothing to do now.</summary>
    private bool Step()
    {
        if (_posted.TryDequeue(out var item))
        {
            try
            {
                item.Callback(item.State);
            }
            catch (Exception e)
            {
                _silo.Logger.LogError(e, "Unhandled exception in a continuation of grain {GrainId}", GrainId);
            }
            return true;
        }
        while (_inbox.TryDequeue(out var message))
        {
            if (message.Interleave && _state == ActivationState.Valid)
            {
                StartTurn(message);
                return true;
            }
            _waiting.Enqueue(message);
        }
        switch (_state)
        {
            case ActivationState.Valid when _waiting.Count > 0 && (_running == 0 || _reentrant):
                StartTurn(_waiting.Dequeue());
                return true;
            case ActivationState.Valid when _running == 0 && _waiting.Count == 0 && _deactivationRequested != 0:
                BeginDeactivation();
                return true;
            case ActivationState.Invalid when _waiting.Count > 0:
                while (_waiting.TryDequeue(out var stray)) _silo.Redispatch(stray);
                return true;
            default:
                return false;
        }
    }

    private void StartTurn(Message message)
    {
        _running++;
        if (message.KeepsAlive) Volatile.Write(ref _lastActivityMs, Environment.TickCount64);
        Task task;
        try
        {
            task = message.Invoke(_instance!);
        }
        catch (Exception e)
        {
            task = Task.FromException(e);
        }
        if (task.IsCompleted)
        {
            EndTurn(message, task);
        }
        else
        {
            // Captures this synchronization context: EndTurn runs as a turn item of this activation.
            task.GetAwaiter().UnsafeOnCompleted(() => EndTurn(message, task));
        }
    }

    private void EndTurn(Message message, Task task)
    {
        _running--;
        message.Complete(task);
    }

    private async Task ActivateAsync()
    {
        try
        {
            var (instance, states) = _grainClass!.CreateInstance(this);
            _instance = instance;
            foreach (var state in states) await state.ReadStateAsync();
            if (instance is Grain grain) await grain.OnActivateAsync(_silo.StoppingToken);
            _state = ActivationState.Valid;
            _running--;
        }
        catch (Exception e)
        {
            _silo.Logger.LogError(e, "Activation of grain {GrainId} failed", GrainId);
            var failure = new InvalidOperationException($"Activation of grain {GrainId} failed: {e.Message}", e);
            _state = ActivationState.Invalid;
            _running--;
            _silo.Catalog.Remove(this);
            while (_inbox.TryDequeue(out var m)) _waiting.Enqueue(m);
            while (_waiting.TryDequeue(out var waiting)) waiting.Fail(failure);
            _deactivated.TrySetResult();
        }
    }

    private void BeginDeactivation()
    {
        var reason = (DeactivationReason)(_deactivationRequested - 1);
        if (reason == DeactivationReason.Idle && !IsIdleSince(Environment.TickCount64 - (long)_silo.Options.IdleDeactivationAge.TotalMilliseconds + 1))
        {
            _deactivationRequested = 0; // it was used again since the collector looked
            return;
        }
        _state = ActivationState.Deactivating;
        _running++;
        _ = DeactivateAsync(reason);
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        GrainTimer[] timers;
        lock (_timers) timers = [.. _timers];
        foreach (var timer in timers) timer.Dispose();
        try
        {
            if (_instance is Grain grain) await grain.OnDeactivateAsync(reason, CancellationToken.None);
        }
        catch (Exception e)
        {
            _silo.Logger.LogError(e, "OnDeactivateAsync of grain {GrainId} failed", GrainId);
        }
        _running--;
        _silo.Catalog.Remove(this);
        _state = ActivationState.Invalid;
        _deactivated.TrySetResult();
        _silo.Logger.LogDebug("Deactivated grain {GrainId} ({Reason})", GrainId, reason);
    }

    /// <summary>Marks an observer activation gone; later messages fail.</summary>
    public void Invalidate() => _state = ActivationState.Invalid;
}
