namespace Convene.Actors.Invocation;

/// <summary>A call of a grain or observer method whose result is of type <typeparamref name="T"/>.</summary>
internal sealed class Request<T> : Message
{
    private readonly MethodDescriptor _method;
    private readonly object?[] _arguments;
    private readonly CallTracker? _tracker;

    public Request(GrainId target, MethodDescriptor method, object?[] arguments, CallTracker? tracker)
    {
        Target = target;
        _method = method;
        _arguments = arguments;
        _tracker = tracker;
        // Continuations run on the thread pool, never inline on the callee's turn.
        Completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public TaskCompletionSource<T> Completion { get; }

    public override bool Interleave => _method.AlwaysInterleave;

    public override string Describe() => $"{_method.InterfaceName}.{_method.Name} on {Target}";

    public override Task Invoke(object target) => _method.Invoker(target, _arguments);

    public override void Complete(Task finished)
    {
        _tracker?.Untrack(this);
        if (finished.IsCompletedSuccessfully)
        {
            var result = finished is Task<T> typed ? typed.Result : default!;
            Completion.TrySetResult((T)_method.ResultPlan.Apply(result)!);
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
        _tracker?.Untrack(this);
        Completion.TrySetException(exception);
    }
}
