namespace Convene.Client.Conference;

/// <summary>Publishes a stream. Without <paramref name="Sdp"/> only the signalling happens (no media): the stream is announced and listed.</summary>
/// <param name="StreamId">0..255 (camera 0, screens 1.. by convention); publishing an id again replaces it.</param>
/// <param name="Source"><c>camera</c> or <c>screen</c>; null for the convention of the stream id.</param>
/// <param name="Name">The stream's name; null for the user's address.</param>
/// <param name="Audio">Whether it has audio.</param>
/// <param name="Video">Whether it has video.</param>
/// <param name="Sdp">A WebRTC SDP offer (sendonly), or null.</param>
public sealed record PublishRequest(int StreamId, string? Source, string? Name, bool Audio, bool Video, string? Sdp = null);
