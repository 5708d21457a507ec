using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;
using Convene.Media.Relay;

namespace Convene.Grains.Rooms;

/// <summary>The simulcast layer a subscriber receives (issue 10 item 4).</summary>
public sealed partial class RoomGrain
{
    /// <summary>Tallest view height accepted (8K).</summary>
    public const int MaxViewHeight = 4320;

    /// <inheritdoc />
    public Task<StreamCallResult> SetQualityAsync(RoomCaller caller, string publisher, int streamId, int maxLayer, int viewHeight)
    {
        var (connection, status, error) = Admit(caller);
        if (connection is null)
        {
            return Task.FromResult(StreamCallResult.Fail(status, error));
        }
        if (maxLayer is < -1 or > 2 || viewHeight is < 0 or > MaxViewHeight)
        {
            return Task.FromResult(StreamCallResult.Fail(GroupStatus.Invalid, $"maxLayer must be -1..2 and viewHeight 0..{MaxViewHeight}"));
        }
        if (_group.Refuse(Actor.User(caller.Address), Operation.Subscribe, Now) is { } refused)
        {
            return Task.FromResult(StreamCallResult.Fail(refused.Status, refused.Error));
        }
        var key = StreamKeys.Of(Gid, publisher, streamId);
        if (!_streams.TryGetValue(key, out var stream) || !stream.Subscribers.ContainsKey(caller.Address))
        {
            return Task.FromResult(StreamCallResult.Fail(GroupStatus.NotFound, $"you are not subscribed to stream {streamId} of {publisher} in this group"));
        }
        _media.SetPreferredLayer(caller.Address, key, new LayerPreference(maxLayer, viewHeight));
        return Task.FromResult(new StreamCallResult(GroupStatus.Ok, null, stream.Info));
    }

    /// <inheritdoc />
    public async Task OnLayersWantedAsync(string streamKey, int layers)
    {
        if (_streams.TryGetValue(streamKey, out var stream))
        {
            await SendStreamEventAsync([stream.Info.Address], new StreamEvent(StreamEventKind.Layers, [], stream.Info, true, Layers: layers));
        }
    }
}
