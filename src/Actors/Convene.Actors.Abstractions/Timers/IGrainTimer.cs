namespace Convene.Actors.Timers;

/// <summary>A grain timer; dispose it to stop it. It also stops when the activation deactivates.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes the due time and period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
