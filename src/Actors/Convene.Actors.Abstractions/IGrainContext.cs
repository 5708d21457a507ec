using Convene.Actors.Timers;

namespace Convene.Actors;

/// <summary>What the runtime gives an activation: its identity, services and lifecycle controls.</summary>
public interface IGrainContext
{
    /// <summary>The grain's identity.</summary>
    GrainId GrainId { get; }

    /// <summary>Factory for calling other grains.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>The silo's services.</summary>
    IServiceProvider ServiceProvider { get; }

    /// <summary>Deactivates the activation once the current turn and queued calls are done.</summary>
    void DeactivateOnIdle();

    /// <summary>Delays idle deactivation by at least <paramref name="period"/>.</summary>
    void DelayDeactivation(TimeSpan period);

    /// <summary>Registers a timer whose callback runs as a turn of this activation.</summary>
    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period, bool interleave);
}
