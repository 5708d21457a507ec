namespace Convene.Gateway.Hubs;

/// <summary>A subscriber of one of your streams.</summary>
public sealed record SubscriberDto(long Gid, string Address, int StreamId, bool Audio, bool Video);
