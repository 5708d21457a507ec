namespace Convene.Actors.Storage;

/// <summary>
/// A state write or clear found a different ETag in storage than the one the activation last read:
/// someone else wrote the state since. Read the state again before retrying.
/// </summary>
public sealed class InconsistentStateException(string message, string? storedEtag, string? currentEtag) : Exception(message)
{
    /// <summary>The ETag found in storage.</summary>
    public string? StoredEtag { get; } = storedEtag;

    /// <summary>The ETag the writer held.</summary>
    public string? CurrentEtag { get; } = currentEtag;
}
