namespace Convene.Actors.Storage;

/// <summary>A stored state record: serialised bytes and their ETag.</summary>
/// <param name="Data">The serialised state (UTF-8 JSON).</param>
/// <param name="Etag">The record's version tag.</param>
public sealed record StoredState(byte[] Data, string Etag);
