namespace Convene.Client.Conference;

/// <summary>Subscribes to a publisher's stream.</summary>
/// <param name="Publisher">The publisher's address.</param>
/// <param name="StreamId">The publisher's stream id.</param>
/// <param name="Audio">Receive its audio.</param>
/// <param name="Video">Receive its video (where the room allows it).</param>
/// <param name="Sdp">A WebRTC SDP offer (recvonly), or null for signalling only.</param>
public sealed record SubscribeRequest(string Publisher, int StreamId, bool Audio, bool Video, string? Sdp = null);
