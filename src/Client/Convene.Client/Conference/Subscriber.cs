namespace Convene.Client.Conference;

/// <summary>A subscriber of one of your streams.</summary>
/// <param name="Gid">The group.</param>
/// <param name="Address">The subscriber's address.</param>
/// <param name="StreamId">Your stream's id.</param>
/// <param name="Audio">Whether they receive its audio.</param>
/// <param name="Video">Whether they receive its video.</param>
public sealed record Subscriber(long Gid, string Address, int StreamId, bool Audio, bool Video);
