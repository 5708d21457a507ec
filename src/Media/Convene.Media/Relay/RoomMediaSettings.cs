namespace Convene.Media.Relay;

/// <summary>A room's media settings.</summary>
/// <param name="Audio">Forward audio.</param>
/// <param name="Video">Forward video.</param>
/// <param name="MaxBitrateKbps">Upper bound for each publisher's video, sent to publishers as REMB once a second; 0 = unlimited.</param>
/// <param name="MaxWidth">Largest video width the room allows (0 = any). Not enforced by the relay, which never
/// transcodes: publishers apply it to their capture.</param>
/// <param name="MaxHeight">Largest video height (0 = any); see <paramref name="MaxWidth"/>.</param>
public sealed record RoomMediaSettings(bool Audio = true, bool Video = true, int MaxBitrateKbps = 0, int MaxWidth = 0, int MaxHeight = 0);
