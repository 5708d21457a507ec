using Convene.Grains.Groups;
using Convene.Grains.Streams;
using Convene.Media.Relay;
using Microsoft.Extensions.Logging;

namespace Convene.Grains.Rooms;

/// <summary>
/// The room's media relay as the room grain uses it: opened with the first publish or subscribe, closed
/// when the last member leaves or the grain deactivates. Talking and connection events from the relay
/// go back to the room grain as one-way calls, so they are handled in its turns. Without a relay (a silo configured without media), offers are refused
/// with a clear error and signalling still works.
/// </summary>
internal sealed partial class RoomMedia(IMediaRelay? relay, string roomId, IRoomGrain room, ILogger logger)
{
    private IRoomRelay? _room;

    // Members' own limits, kept here because the relay's room comes and goes with the call; applied when it opens.
    private readonly Dictionary<string, MediaLimits> _limits = new(StringComparer.Ordinal);

    public string? Publish(StreamInfo stream, string offerSdp, CallSettings call, out string? error) =>
        Negotiate(call, room => room.Publish(stream.Address, stream.Key, offerSdp), out error);

    public string? Subscribe(string address, string streamKey, bool audio, bool video, string offerSdp, CallSettings call, out string? error) =>
        Negotiate(call, room => room.Subscribe(address, streamKey, audio, video, offerSdp), out error);

    public void Unpublish(string streamKey) => _room?.Unpublish(streamKey);

    public void Unsubscribe(string address, string streamKey) => _room?.Unsubscribe(address, streamKey);

    public void SetMuted(string streamKey, bool audioMuted, bool videoMuted) => _room?.SetMuted(streamKey, audioMuted, videoMuted);

    public void RemoveParticipant(string address) => _room?.RemoveParticipant(address);

    public void SetPreferredLayer(string address, string streamKey, LayerPreference preference) => _room?.SetPreferredLayer(address, streamKey, preference);

    public void UpdateSettings(CallSettings call) => _room?.UpdateSettings(SettingsOf(call));

    /// <summary>
    /// A member's limits (tighter than the room's): the relay caps their video with REMB and, with simulcast, forwards
    /// no layer taller than the limit. Called whenever the member's limits apply (a publish) or change.
    /// </summary>
    public void SetLimits(string address, CallLimits limits)
    {
        var media = limits.MemberCapped ? new MediaLimits(limits.MaxBitrateKbps, limits.MaxHeight) : MediaLimits.None;
        if (media == MediaLimits.None)
        {
            _limits.Remove(address);
        }
        else
        {
            _limits[address] = media;
        }
        _room?.SetPublisherLimits(address, media);
    }

    /// <summary>Closes the room's relay (every peer); it reopens on the next publish or subscribe.</summary>
    public void Close()
    {
        if (_room is null) return;
        _room.TalkingChanged -= OnTalkingChanged;
        _room.LayersWanted -= OnLayersWanted;
        _room.PeerStateChanged -= OnPeerStateChanged;
        _room.Dispose();
        _room = null;
        LogClosed(logger, roomId);
    }

    /// <summary>The relay's settings for the group's call settings (resolution 0 SD, 1 HD, 2 FHD, 3 4K).</summary>
    public static RoomMediaSettings SettingsOf(CallSettings call)
    {
        var (width, height) = CallResolution.MaxSize(call.Resolution);
        return new RoomMediaSettings(call.Audio, call.Video, call.Bitrate, width, height, call.Codecs);
    }

    private string? Negotiate(CallSettings call, Func<IRoomRelay, string> negotiate, out string? error)
    {
        if (relay is null)
        {
            error = "this silo has no media relay";
            return null;
        }
        try
        {
            error = null;
            return negotiate(Open(call));
        }
        catch (MediaRelayException e)
        {
            error = e.Message;
            return null;
        }
    }

    private IRoomRelay Open(CallSettings call)
    {
        if (_room is not null) return _room;
        _room = relay!.OpenRoom(roomId, SettingsOf(call));
        foreach (var (address, limits) in _limits)
        {
            _room.SetPublisherLimits(address, limits);
        }
        _room.TalkingChanged += OnTalkingChanged;
        _room.LayersWanted += OnLayersWanted;
        _room.PeerStateChanged += OnPeerStateChanged;
        LogOpened(logger, roomId);
        return _room;
    }

    // Raised on a thread-pool thread by the relay: hand over to the room grain, never block the relay.
    private void OnTalkingChanged(string streamKey, bool talking) =>
        Forget(room.OnTalkingAsync(streamKey, talking), streamKey);

    private void OnLayersWanted(string streamKey, int layers) =>
        Forget(room.OnLayersWantedAsync(streamKey, layers), streamKey);

    private void OnPeerStateChanged(string participant, string streamKey, bool connected) =>
        Forget(room.OnMediaConnectedAsync(participant, streamKey, connected), streamKey);

    private void Forget(Task task, string streamKey) =>
        task.ContinueWith(t => LogEventLost(logger, streamKey, t.Exception),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the media relay of room {Room}")]
    private static partial void LogOpened(ILogger logger, string room);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed the media relay of room {Room}")]
    private static partial void LogClosed(ILogger logger, string room);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Media event for stream {Stream} was not delivered")]
    private static partial void LogEventLost(ILogger logger, string stream, Exception? error);
}
