using System.Reflection;
using Convene.Actors.Serialization;

namespace Convene.Actors.Invocation;

/// <summary>A method descriptor for a result of type <typeparamref name="T"/> (object for Task/ValueTask).</summary>
internal sealed class MethodDescriptor<T> : MethodDescriptor
{
    private readonly ReturnKind _kind;

    public MethodDescriptor(MethodInfo method, ReturnKind kind) : base(method)
    {
        _kind = kind;
        if (kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
        {
            ResultPlan = Copier.For(typeof(T));
            if (ResultPlan.Error is { } error) Error ??= $"{InterfaceName}.{Name}: the result {error}.";
        }
        if (OneWay && kind != ReturnKind.Task)
        {
            Error ??= $"{InterfaceName}.{Name} is [OneWay] but does not return Task.";
        }
    }

    private static readonly Task<T> CompletedOneWay = Task.FromResult(default(T)!);

    public override object Call(GrainId target, IMessageSink sink, object?[] arguments)
    {
        CopyArguments(arguments);
        var task = Send(new ArrayRequest<T>(target, this, arguments), sink);
        return _kind switch
        {
            ReturnKind.TaskOfT or ReturnKind.Task => task,
            ReturnKind.ValueTaskOfT => new ValueTask<T>(task),
            _ => new ValueTask(task),
        };
    }

    /// <summary>The call path of emitted references: arguments in a value tuple, the task returned as it is.</summary>
    public Task<T> Call<TArgs>(GrainId target, IMessageSink sink, TArgs arguments) where TArgs : struct
    {
        if (Error is not null)
        {
            throw new NotSupportedException(Error);
        }
        if (ArgumentsCopier is Func<TArgs, TArgs> copy)
        {
            arguments = copy(arguments);
        }
        return Send(new ArgsRequest<T, TArgs>(target, this, arguments), sink);
    }

    private Task<T> Send(Request<T> request, IMessageSink sink)
    {
        if (!OneWay) sink.Tracker.Track(request, sink.ResponseTimeout);
        sink.Send(request);
        var task = request.Completion.Task;
        // A one-way caller does not wait for the callee, but an undeliverable call (deleted observer,
        // stopping silo) fails at once so that the caller can forget the target.
        return OneWay && !task.IsFaulted ? CompletedOneWay : task;
    }
}
