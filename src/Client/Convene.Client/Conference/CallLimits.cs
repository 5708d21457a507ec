namespace Convene.Client.Conference;

/// <summary>What you may publish: the room's call settings tightened by your member settings.</summary>
/// <param name="Audio">Audio allowed.</param>
/// <param name="Video">Video allowed.</param>
/// <param name="MaxWidth">The widest video to capture.</param>
/// <param name="MaxHeight">The tallest video to capture.</param>
/// <param name="MaxBitrateKbps">The bitrate cap in kbit/s; 0 adaptive.</param>
public sealed record CallLimits(bool Audio, bool Video, int MaxWidth, int MaxHeight, int MaxBitrateKbps);
