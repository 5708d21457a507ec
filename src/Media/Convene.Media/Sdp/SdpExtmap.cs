namespace Convene.Media.Sdp;

/// <summary>An a=extmap entry (RFC 8285 §8): header extension id and URI.</summary>
/// <param name="Id">The local identifier (1–14 for one-byte headers, up to 255 for two-byte).</param>
/// <param name="Uri">The extension URI.</param>
public sealed record SdpExtmap(int Id, string Uri);
