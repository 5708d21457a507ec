using Convene.Actors.Invocation;

namespace Convene.Actors.Timers;

/// <summary>One tick of a grain timer, run as a turn of its activation.</summary>
internal sealed class TimerTick(GrainTimer timer, Func<CancellationToken, Task> callback, bool interleave) : Message
{
    public override bool Interleave => interleave;

    // Timers do not keep a grain from idle deactivation.
    public override bool KeepsAlive => false;

    public override string Describe() => $"timer tick on {Target}";

    public override Task Invoke(object target) =>
        timer.Cancellation.IsCancellationRequested ? Task.CompletedTask : callback(timer.Cancellation.Token);

    public override void Complete(Task finished)
    {
        timer.TickDone();
        _ = finished.Exception; // observed; the callback's own logging is the grain's business
    }

    public override void Fail(Exception exception) => timer.TickDone();
}
