namespace Convene.Gateway.Hubs;

/// <summary>
/// What a caller asks for (the spec's <c>CallProperties</c>, the part the server sees): a video or voice call, a
/// cap on each side's video bitrate (kbps, 0 = the server's default) and the caller's end-to-end key share.
/// </summary>
public sealed record CallRequestDto(bool Video, int MaxBitrate, string? PublicKey);
