namespace Convene.Actors.Invocation;

/// <summary>What every grain and observer reference is, whichever way it was made.</summary>
internal interface IGrainReference
{
    /// <summary>The target's identity.</summary>
    GrainId GrainId { get; }
}
