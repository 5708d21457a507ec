namespace Convene.Client.Conference;

/// <summary>What a caller asks for.</summary>
/// <param name="Video">A video call (false: voice only).</param>
/// <param name="MaxBitrate">A cap on each side's video bitrate in kbit/s; 0 for the server's default.</param>
/// <param name="PublicKey">The caller's end-to-end key share, relayed to the callee as is; null for none.</param>
public sealed record CallRequest(bool Video, int MaxBitrate = 0, string? PublicKey = null);
