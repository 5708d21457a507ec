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

    public override object Call(GrainId target, IMessageSink sink, object?[] arguments)
    {
        CopyArguments(arguments);
        var request = new Request<T>(target, this, arguments, OneWay ? null : sink.Tracker);
        if (!OneWay) sink.Tracker.Track(request, sink.ResponseTimeout);
        sink.Send(request);
        var task = request.Completion.Task;
        if (OneWay)
        {
            // The caller does not wait for the callee, but an undeliverable call (deleted observer,
            // stopping silo) fails at once so that the caller can forget the target.
            return task.IsFaulted ? task : Task.CompletedTask;
        }
        return _kind switch
        {
            ReturnKind.TaskOfT or ReturnKind.Task => task,
            ReturnKind.ValueTaskOfT => new ValueTask<T>(task),
            _ => new ValueTask(task),
        };
    }
}
