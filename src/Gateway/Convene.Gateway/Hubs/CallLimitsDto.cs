namespace Convene.Gateway.Hubs;

/// <summary>What you may publish: the room's call settings tightened by your member settings (capture at most MaxWidth×MaxHeight).</summary>
public sealed record CallLimitsDto(bool Audio, bool Video, int MaxWidth, int MaxHeight, int MaxBitrateKbps);
