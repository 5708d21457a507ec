using System.ComponentModel;

namespace Convene.Actors.Invocation;

/// <summary>
/// The base of the reference classes the runtime emits for grain and observer interfaces: each interface
/// method packs its arguments in a value tuple and hands them to <see cref="ProxyCalls"/>. Two references
/// to the same target are equal. Not for use in application code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainReference : IGrainReference
{
    /// <summary>Called by emitted subclasses; the runtime initialises the reference right after.</summary>
    protected GrainReference()
    {
    }

    internal IMessageSink Sink { get; private set; } = null!;

    internal InterfaceMetadata Metadata { get; private set; } = null!;

    /// <summary>The target's identity.</summary>
    public GrainId GrainId { get; private set; }

    internal void Initialize(GrainId id, IMessageSink sink, InterfaceMetadata metadata)
    {
        GrainId = id;
        Sink = sink;
        Metadata = metadata;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IGrainReference other && other.GrainId == GrainId;

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => GrainId.ToString();
}
