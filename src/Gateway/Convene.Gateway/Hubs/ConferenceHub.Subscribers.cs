namespace Convene.Gateway.Hubs;

/// <summary>Who subscribes to your streams: re-read after lost events (OnResync).</summary>
public sealed partial class ConferenceHub
{
    /// <summary>
    /// Who subscribes to one of your streams now, with what they receive (what OnSubscriber tells), ordered by address;
    /// join first. <c>not_found</c> when you do not publish that stream (or your call was ended).
    /// </summary>
    public async Task<IReadOnlyList<SubscriberDto>> ListSubscribers(long gid, int streamId)
    {
        HubValidation.Gid(gid);
        HubValidation.StreamId(streamId);
        RequireJoined(gid);
        var subscribers = await RoomCallAsync(gid, room => room.GetSubscribersAsync(Caller(gid), streamId));
        HubErrors.ThrowIfFailed(subscribers.Status, subscribers.Error);
        return [.. subscribers.Value!.Select(s => new SubscriberDto(gid, s.Address, streamId, s.Audio, s.Video))];
    }
}
