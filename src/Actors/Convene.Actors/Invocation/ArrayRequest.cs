namespace Convene.Actors.Invocation;

/// <summary>A call whose arguments travel in an array (references made by the DispatchProxy fallback).</summary>
internal sealed class ArrayRequest<T>(GrainId target, MethodDescriptor method, object?[] arguments)
    : Request<T>(target, method)
{
    public override Task Invoke(object target) => Method.Invoker(target, arguments);
}
