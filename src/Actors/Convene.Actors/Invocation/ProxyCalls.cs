using System.ComponentModel;

namespace Convene.Actors.Invocation;

/// <summary>What emitted references call: one generic entry point for every method. Not for use in application code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ProxyCalls
{
    /// <summary>Sends a call of method number <paramref name="method"/> of the reference's interface.</summary>
    public static Task<TResult> Call<TResult, TArgs>(GrainReference reference, int method, TArgs arguments) where TArgs : struct =>
        ((MethodDescriptor<TResult>)reference.Metadata.Ordered[method]).Call(reference.GrainId, reference.Sink, arguments);
}
