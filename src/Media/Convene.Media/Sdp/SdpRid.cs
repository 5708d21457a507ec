namespace Convene.Media.Sdp;

/// <summary>An a=rid line (RFC 8851 §4): a restriction identifier for one simulcast encoding.</summary>
/// <param name="Id">The rid, e.g. "h".</param>
/// <param name="Direction">"send" or "recv".</param>
/// <param name="Parameters">The rest of the line (payload types and restrictions), or null.</param>
public sealed record SdpRid(string Id, string Direction, string? Parameters);
