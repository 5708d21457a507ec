using Convene.Actors.Timers;

namespace Convene.Actors;

/// <summary>
/// Base class of grain implementations. A grain runs one call at a time (unless marked
/// <see cref="Concurrency.ReentrantAttribute"/>), is activated on first call and deactivated when idle.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context = ActivatingContext.Current;

    /// <summary>The runtime context of this activation.</summary>
    public IGrainContext GrainContext
    {
        get => _context ?? throw new InvalidOperationException("The grain is not attached to an activation: grains are created by the runtime, not with new.");
        internal set => _context = value;
    }

    /// <summary>Factory for calling other grains.</summary>
    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    /// <summary>The silo's services.</summary>
    protected IServiceProvider ServiceProvider => GrainContext.ServiceProvider;

    /// <summary>Runs once, after persistent state is loaded and before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once, when the activation is deactivated (idle, on request, or silo shutdown).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this activation when the current work is done.</summary>
    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();

    /// <summary>Delays idle deactivation by at least <paramref name="period"/>.</summary>
    protected void DelayDeactivation(TimeSpan period) => GrainContext.DelayDeactivation(period);

    /// <summary>Registers a timer whose callback runs as a turn of this activation (not interleaved with calls unless <paramref name="options"/> says so).</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) =>
        GrainContext.RegisterTimer(callback, options.DueTime, options.Period, options.Interleave);

    /// <summary>Registers a timer with a due time and period.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        GrainContext.RegisterTimer(callback, dueTime, period, interleave: false);
}
