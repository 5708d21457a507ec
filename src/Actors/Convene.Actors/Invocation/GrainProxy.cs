using System.Reflection;

namespace Convene.Actors.Invocation;

/// <summary>
/// The object behind every grain and observer reference: an interface proxy that turns each call
/// into a message for its target. Two references to the same target are equal.
/// </summary>
public class GrainProxy : DispatchProxy, IGrainReference
{
    private InterfaceMetadata? _metadata;
    private IMessageSink? _sink;

    /// <summary>The target's identity.</summary>
    public GrainId GrainId { get; private set; }

    internal static T Create<T>(GrainId id, IMessageSink sink)
    {
        var proxy = Create<T, GrainProxy>();
        var state = (GrainProxy)(object)proxy!;
        state.GrainId = id;
        state._sink = sink;
        state._metadata = InterfaceMetadata.For(typeof(T));
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        _metadata![targetMethod!].Call(GrainId, _sink!, args ?? []);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IGrainReference other && other.GrainId == GrainId;

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => GrainId.ToString();
}
