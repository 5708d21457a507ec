namespace Convene.Actors.Invocation;

/// <summary>A call of a grain or observer method whose result is of type <typeparamref name="T"/>.</summary>
internal abstract class Request<T> : Message
{
    protected Request(GrainId target, MethodDescriptor method)
    {
        Target = target;
        Method = method;
        // Continuations run on the thread pool, never inline on the callee's turn.
        Completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public TaskCompletionSource<T> Completion { get; }

    protected MethodDescriptor Method { get; }

    public override bool Interleave => Method.AlwaysInterleave;

    public override string Describe() => $"{Method.InterfaceName}.{Method.Name} on {Target}";

    public override void Complete(Task finished)
    {
        Tracker?.Untrack(this);
        if (finished.IsCompletedSuccessfully)
        {
            var result = finished is Task<T> typed ? typed.Result : default!;
            // Immutable results (most) pass as they are, without boxing.
            Completion.TrySetResult(Method.ResultPlan.Copy is null ? result : (T)Method.ResultPlan.Apply(result)!);
        }
        else if (finished.IsCanceled)
        {
            Completion.TrySetCanceled();
        }
        else
        {
            var inner = finished.Exception!.InnerExceptions.Count == 1 ? finished.Exception.InnerException! : finished.Exception;
            Completion.TrySetException(inner);
        }
    }

    public override void Fail(Exception exception)
    {
        Tracker?.Untrack(this);
        Completion.TrySetException(exception);
    }
}
