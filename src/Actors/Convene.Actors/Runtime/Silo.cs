using System.Collections.Concurrent;
using Convene.Actors.Hosting;
using Convene.Actors.Invocation;
using Convene.Actors.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Convene.Actors.Runtime;

/// <summary>
/// One silo: the catalog of activations, the observers registered here, the response-timeout and
/// idle-collection timers, and graceful shutdown (stop taking calls, deactivate every activation).
/// </summary>
public sealed class Silo : IHostedService, IMessageSink, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _observers = new();
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timeoutTimer;
    private ITimer? _collectionTimer;
    private volatile bool _stopped;
    private readonly Lock _stopLock = new();
    private Task? _stopTask;

    /// <summary>Created by the host.</summary>
    public Silo(IOptions<SiloOptions> options, IServiceProvider services, ILogger<Silo> logger, TimeProvider timeProvider, IGrainDirectory directory, IPlacementStrategy placement)
    {
        Options = options.Value;
        Services = services;
        Logger = logger;
        TimeProvider = timeProvider;
        Address = new SiloAddress(Options.SiloName);
        Registry = (GrainTypeRegistry)services.GetService(typeof(GrainTypeRegistry))!;
        Catalog = new Catalog(this, Registry, directory, placement);
        Factory = new GrainFactory(this);
    }

    /// <summary>This silo's address.</summary>
    public SiloAddress Address { get; }

    /// <summary>The silo's options.</summary>
    public SiloOptions Options { get; }

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory GrainFactory => Factory;

    /// <summary>Number of grain activations now in this silo.</summary>
    public int ActivationCount => Catalog.Count;

    /// <summary>Number of registered observer references.</summary>
    public int ObserverCount => _observers.Count;

    internal GrainFactory Factory { get; }

    internal IServiceProvider Services { get; }

    internal ILogger Logger { get; }

    internal TimeProvider TimeProvider { get; }

    internal GrainTypeRegistry Registry { get; }

    internal Catalog Catalog { get; }

    internal CancellationToken StoppingToken => _stopping.Token;

    TimeSpan IMessageSink.ResponseTimeout => Options.ResponseTimeout;

    /// <summary>The tracker of calls awaiting responses.</summary>
    internal CallTracker Tracker { get; } = new();

    CallTracker IMessageSink.Tracker => Tracker;

    void IMessageSink.Send(Message message) => Dispatch(message);

    internal void Dispatch(Message message)
    {
        // Grain calls (the hot path) skip the observer table: observer ids are recognisable by their type prefix.
        if (message.Target.Type.StartsWith(Runtime.GrainFactory.ObserverPrefix, StringComparison.Ordinal))
        {
            if (_observers.TryGetValue(message.Target, out var observer)) observer.Enqueue(message);
            else message.Fail(new GrainUnavailableException($"Observer {message.Target} has been deleted; {message.Describe()} was not delivered."));
            return;
        }
        if (_stopped)
        {
            message.Fail(new GrainUnavailableException($"Silo {Address} is stopping; {message.Describe()} was not delivered."));
            return;
        }
        try
        {
            Catalog.GetOrCreate(message.Target).Enqueue(message);
        }
        catch (Exception e)
        {
            message.Fail(e);
        }
    }

    /// <summary>Sends a message that reached an activation after it was deactivated to its successor.</summary>
    internal void Redispatch(Message message) => Dispatch(message);

    internal GrainId RegisterObserver(Type observerInterface, object observer)
    {
        var id = new GrainId(Runtime.GrainFactory.ObserverPrefix + observerInterface.FullName, Guid.NewGuid().ToString("N"));
        _observers[id] = new ActivationData(this, id, observer);
        return id;
    }

    internal void UnregisterObserver(GrainId id)
    {
        if (_observers.TryRemove(id, out var activation)) activation.Invalidate();
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var timeoutScan = TimeSpan.FromMilliseconds(Math.Clamp(Options.ResponseTimeout.TotalMilliseconds / 5, 10, 1000));
        _timeoutTimer = TimeProvider.CreateTimer(static s => ((Silo)s!).FailExpiredCalls(), this, timeoutScan, timeoutScan);
        _collectionTimer = TimeProvider.CreateTimer(static s => ((Silo)s!).CollectIdleActivations(), this, Options.CollectionQuantum, Options.CollectionQuantum);
        Logger.LogInformation("Silo {Silo} started with {GrainTypes} grain interfaces", Address, Registry.Count);
        return Task.CompletedTask;
    }

    /// <summary>Deactivates activations idle for longer than the configured age; returns how many were asked to.</summary>
    public int CollectIdleActivations()
    {
        var cutoff = Environment.TickCount64 - (long)Options.IdleDeactivationAge.TotalMilliseconds;
        var count = 0;
        foreach (var activation in Catalog.Activations)
        {
            if (activation.IsIdleSince(cutoff))
            {
                activation.RequestDeactivation(DeactivationReason.Idle);
                count++;
            }
        }
        return count;
    }

    private void FailExpiredCalls()
    {
        foreach (var message in Tracker.TakeExpired(Environment.TickCount64))
        {
            var description = message.Describe();
            Logger.LogWarning("Call {Call} timed out after {Timeout}", description, Options.ResponseTimeout);
            message.Fail(new GrainCallTimeoutException($"{description} timed out after {Options.ResponseTimeout.TotalSeconds:0.###} s."));
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        // One stop, shared: the host's StopAsync and DisposeAsync may overlap (WebApplicationFactory does this),
        // and disposing must wait for a stop in progress instead of disposing the token source under it.
        lock (_stopLock)
        {
            return _stopTask ??= StopCoreAsync(cancellationToken);
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        var activations = Catalog.Activations.ToArray();
        Logger.LogInformation("Silo {Silo} stopping: deactivating {Count} activations", Address, activations.Length);
        foreach (var activation in activations) activation.RequestDeactivation(DeactivationReason.ShuttingDown);
        try
        {
            await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(Options.ShutdownTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Logger.LogWarning("Silo {Silo}: {Count} activations did not deactivate in time", Address, Catalog.Count);
        }
        _stopping.Cancel();
        _timeoutTimer?.Dispose();
        _collectionTimer?.Dispose();
        foreach (var id in _observers.Keys) UnregisterObserver(id);
        Logger.LogInformation("Silo {Silo} stopped", Address);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }
}
