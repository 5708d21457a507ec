using Convene.Gateway.Notifications;

namespace Convene.Gateway.Hubs;

/// <summary>Simulcast: which layer a subscriber receives.</summary>
public sealed partial class ConferenceHub
{
    private const int MaxViewHeight = 4320; // 8K, as the room grain checks
    /// <summary>
    /// Chooses the quality you receive of a stream you subscribe to: <paramref name="quality"/> "auto", "low",
    /// "medium" or "high" (the highest layer forwarded), <paramref name="height"/> the height you show it at in
    /// pixels (0 = any; the relay forwards no layer above the smallest one at least that tall). The relay also keeps
    /// within the publisher's limits and your bandwidth; streams without simulcast ignore it.
    /// </summary>
    public async Task<ParticipantDto> SetQuality(long gid, string publisher, int streamId, string quality, int height)
    {
        HubValidation.Gid(gid);
        HubValidation.Address("publisher", publisher);
        HubValidation.StreamId(streamId);
        int maxLayer = quality?.ToLowerInvariant() switch
        {
            "auto" => -1,
            "low" => 0,
            "medium" => 1,
            "high" => 2,
            _ => throw HubErrors.Invalid("quality", "must be 'auto', 'low', 'medium' or 'high'"),
        };
        if (height is < 0 or > MaxViewHeight)
        {
            throw HubErrors.Invalid("height", $"must be 0..{MaxViewHeight}");
        }
        RequireJoined(gid);
        var result = await RoomCallAsync(gid, room => room.SetQualityAsync(Caller(gid), publisher, streamId, maxLayer, height));
        HubErrors.ThrowIfFailed(result.Status, result.Error);
        return result.Stream!.ToDto();
    }
}
