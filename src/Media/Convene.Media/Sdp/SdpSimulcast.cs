namespace Convene.Media.Sdp;

/// <summary>An a=simulcast line (RFC 8853 §5.1), e.g. "send q;h;f".</summary>
/// <param name="Direction">"send" or "recv".</param>
/// <param name="Streams">The stream list as written, e.g. "q;h;f".</param>
public sealed record SdpSimulcast(string Direction, string Streams);
