namespace Convene.Actors.Timers;

/// <summary>Options of a grain timer.</summary>
/// <param name="DueTime">Delay before the first tick.</param>
/// <param name="Period">Interval between ticks; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>If true, ticks may interleave with calls at await points.</summary>
    public bool Interleave { get; init; }
}
