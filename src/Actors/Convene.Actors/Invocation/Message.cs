namespace Convene.Actors.Invocation;

/// <summary>
/// One unit of work for an activation: a grain call, an observer call or a timer tick.
/// A message is also a node of the <see cref="CallTracker"/>'s list of calls awaiting a response.
/// </summary>
internal abstract class Message
{
    /// <summary>Tracker links; owned by <see cref="CallTracker"/>.</summary>
    internal Message? Previous, Next;

    /// <summary>The tracker whose list holds the message; null when it is in none.</summary>
    internal CallTracker? Tracker;

    /// <summary>When the caller stops waiting (<see cref="Environment.TickCount64"/> milliseconds).</summary>
    internal long DeadlineMs;

    /// <summary>The grain (or observer) this message is for.</summary>
    public GrainId Target { get; init; }

    /// <summary>May run while other turns of a non-reentrant activation are awaiting.</summary>
    public virtual bool Interleave => false;

    /// <summary>Whether the message counts as activity that keeps an activation from idle deactivation.</summary>
    public virtual bool KeepsAlive => true;

    /// <summary>A description for errors and logs, e.g. "IRoomGrain.JoinAsync on grain IRoomGrain/42".</summary>
    public abstract string Describe();

    /// <summary>Starts the work on <paramref name="target"/>; runs on the activation's turn.</summary>
    public abstract Task Invoke(object target);

    /// <summary>Completes the caller's side from the finished task.</summary>
    public abstract void Complete(Task finished);

    /// <summary>Fails the caller's side; has no effect if already completed.</summary>
    public abstract void Fail(Exception exception);
}
