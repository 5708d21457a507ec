namespace Convene.Media.Sdp;

/// <summary>An a=fingerprint value (RFC 8122 §5): hash function name and colon-separated hex.</summary>
/// <param name="Algorithm">The hash function, e.g. "sha-256".</param>
/// <param name="Value">The fingerprint, e.g. "AB:CD:...".</param>
public sealed record SdpFingerprint(string Algorithm, string Value);
