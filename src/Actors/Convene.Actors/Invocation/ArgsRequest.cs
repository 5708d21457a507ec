namespace Convene.Actors.Invocation;

/// <summary>A call whose arguments travel in a value tuple: no argument array, no boxing (emitted references).</summary>
internal sealed class ArgsRequest<T, TArgs>(GrainId target, MethodDescriptor method, TArgs arguments)
    : Request<T>(target, method) where TArgs : struct
{
    public override Task Invoke(object target) => ((Func<object, TArgs, Task>)Method.TypedInvoker!)(target, arguments);
}
