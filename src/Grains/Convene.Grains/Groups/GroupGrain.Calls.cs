using System.Globalization;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;

namespace Convene.Grains.Groups;

/// <summary>Group calls: publishing, subscribing, muting and ending streams, with their live state in stream grains.</summary>
public sealed partial class GroupGrain
{
    /// <inheritdoc />
    public async Task<StreamCallResult> PublishStreamAsync(StreamInfo stream, string? offerSdp, GatewayRef gateway)
    {
        if (stream.Gid != _gid || stream.StreamId is < 0 or > StreamKeys.MaxStreamId)
        {
            return StreamCallResult.Fail(GroupStatus.Invalid, "stream does not belong to this group or its id is out of range");
        }
        var published = new PublishedStream(stream.Address, StreamIdText(stream.StreamId), stream.Name, stream.Source, stream.Audio, stream.Video);
        if (CheckPublish(published) is { } refused)
        {
            return StreamCallResult.Fail(refused.Status, refused.Error);
        }
        string? answer = null;
        if (offerSdp is not null && (answer = Media.Publish(stream, offerSdp, S.Settings.Call, out var mediaError)) is null)
        {
            return StreamCallResult.Fail(GroupStatus.Invalid, $"sdp: {mediaError}");
        }
        var grain = GrainFactory.GetGrain<IStreamGrain>(stream.Key);
        await grain.StartAsync(stream, gateway);
        var listed = await PublishAsync(published);
        if (!listed.IsOk)
        {
            Media.Unpublish(stream.Key);
            await grain.EndAsync("refused");
            return StreamCallResult.Fail(listed.Status, listed.Error);
        }
        return new StreamCallResult(GroupStatus.Ok, null, await grain.GetAsync(), answer);
    }

    /// <inheritdoc />
    public async Task<StreamCallResult> SubscribeStreamAsync(string address, string publisher, int streamId, bool audio, bool video, string? offerSdp, GatewayRef gateway)
    {
        if (Refuse(Actor.User(address), Operation.Subscribe) is { } refused)
        {
            return StreamCallResult.Fail(refused.Status, refused.Error);
        }
        if (!_publishers.Any(p => p.Address == publisher && p.StreamId == StreamIdText(streamId)))
        {
            return StreamCallResult.Fail(GroupStatus.NotFound, $"{publisher} is not publishing stream {streamId} in this group");
        }
        var call = S.Settings.Call;
        var subscriber = new SubscriberInfo(address, audio && call.Audio, video && call.Video);
        if (!subscriber.Audio && !subscriber.Video)
        {
            return StreamCallResult.Fail(GroupStatus.Forbidden, "this room allows neither of the requested media");
        }
        var key = StreamKeys.Of(_gid, publisher, streamId);
        string? answer = null;
        if (offerSdp is not null && (answer = Media.Subscribe(address, key, subscriber.Audio, subscriber.Video, offerSdp, S.Settings.Call, out var mediaError)) is null)
        {
            return StreamCallResult.Fail(GroupStatus.Invalid, $"sdp: {mediaError}");
        }
        var stream = await GrainFactory.GetGrain<IStreamGrain>(key).SubscribeAsync(subscriber, gateway);
        if (stream is null)
        {
            Media.Unsubscribe(address, key);
            return StreamCallResult.Fail(GroupStatus.NotFound, $"{publisher} is not publishing stream {streamId} in this group");
        }
        return new StreamCallResult(GroupStatus.Ok, null, stream, answer);
    }

    /// <inheritdoc />
    public async Task<StreamCallResult> SetStreamMuteAsync(string address, int streamId, bool audioMuted, bool videoMuted)
    {
        if (!_publishers.Any(p => p.Address == address && p.StreamId == StreamIdText(streamId)))
        {
            return StreamCallResult.Fail(GroupStatus.NotFound, $"you are not publishing stream {streamId} in this group");
        }
        var key = StreamKeys.Of(_gid, address, streamId);
        Media.SetMuted(key, audioMuted, videoMuted);
        var stream = await GrainFactory.GetGrain<IStreamGrain>(key).SetMuteAsync(audioMuted, videoMuted);
        return stream is null ? StreamCallResult.Fail(GroupStatus.NotFound, "the stream ended") : new StreamCallResult(GroupStatus.Ok, null, stream);
    }

    /// <inheritdoc />
    public async Task EndStreamAsync(string address, int streamId, string reason)
    {
        var stream = _publishers.FirstOrDefault(p => p.Address == address && p.StreamId == StreamIdText(streamId));
        if (stream is not null)
        {
            await EndPublishedAsync(stream, reason);
        }
    }

    /// <inheritdoc />
    public async Task UnsubscribeStreamAsync(string address, string streamKey)
    {
        Media.Unsubscribe(address, streamKey);
        await GrainFactory.GetGrain<IStreamGrain>(streamKey).UnsubscribeAsync(address);
    }

    /// <summary>The one way a stream ends: off the publisher list (OnPublisher false), live state ended (OnHangup), media stopped.</summary>
    private async Task EndPublishedAsync(PublishedStream stream, string reason)
    {
        _publishers.Remove(stream);
        var key = StreamKeys.Of(_gid, stream.Address, stream.StreamId);
        Media.Unpublish(key);
        await NotifyPublisherAsync(stream, active: false);
        await GrainFactory.GetGrain<IStreamGrain>(key).EndAsync(reason);
    }

    private static string StreamIdText(int streamId) => streamId.ToString(CultureInfo.InvariantCulture);
}
