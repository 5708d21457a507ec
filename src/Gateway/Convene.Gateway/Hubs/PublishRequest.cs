namespace Convene.Gateway.Hubs;

/// <summary>Publish a stream: id 0..255, camera or screen, a name, which media, and the browser's SDP offer (optional: without it only the signalling happens).</summary>
public sealed record PublishRequest(int StreamId, string? Source, string? Name, bool Audio, bool Video, string? Sdp);
