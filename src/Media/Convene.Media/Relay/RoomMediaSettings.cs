namespace Convene.Media.Relay;

/// <summary>A room's media settings.</summary>
/// <param name="Audio">Forward audio.</param>
/// <param name="Video">Forward video.</param>
/// <param name="MaxBitrateKbps">Upper bound for each publisher's video, sent to publishers as REMB once a second; 0 = unlimited.</param>
/// <param name="MaxWidth">Largest video width the room allows (0 = any). Not enforced by the relay, which never
/// transcodes: publishers apply it to their capture.</param>
/// <param name="MaxHeight">Largest video height (0 = any); see <paramref name="MaxWidth"/>.</param>
/// <param name="VideoCodecs">The video codecs publishers may send, in order of preference, e.g. "vp8,vp9,h264,av1"
/// (<see cref="Sdp.VideoCodecs.TryParse"/>): a publisher's answer takes the first its offer has. Applies to the next publish.</param>
public sealed record RoomMediaSettings(bool Audio = true, bool Video = true, int MaxBitrateKbps = 0, int MaxWidth = 0, int MaxHeight = 0,
    string VideoCodecs = "vp8,vp9,h264,av1");
