namespace Convene.Gateway.Hubs;

/// <summary>Subscribe to a publisher's stream with audio and/or video, with the browser's (recvonly) SDP offer.</summary>
public sealed record SubscribeRequest(string Publisher, int StreamId, bool Audio, bool Video, string? Sdp);
