using Convene.Media.Relay;
using Microsoft.Extensions.Logging;

namespace Convene.Grains.Calls;

/// <summary>
/// A call's media: a two-person room on this silo's relay (the same machinery as a group call), where each party
/// publishes one stream keyed by its address and subscribes to the other's. Opened with the first publish, closed
/// when the call ends. Without a relay, offers are refused with a clear error. The relay's peer-state events go back to
/// the call grain as one-way calls (<see cref="ICallGrain.OnMediaConnectedAsync"/>), so they are handled in its turns.
/// </summary>
internal sealed partial class CallMedia(IMediaRelay? relay, string roomId, ICallGrain call, ILogger logger)
{
    private IRoomRelay? _room;

    public string? Publish(string address, string offerSdp, RoomMediaSettings settings, out string? error) =>
        Negotiate(settings, room => room.Publish(address, address, offerSdp), out error);

    public string? Subscribe(string address, string peer, bool audio, bool video, string offerSdp, RoomMediaSettings settings, out string? error) =>
        Negotiate(settings, room => room.Subscribe(address, peer, audio, video, offerSdp), out error);

    public void SetMuted(string address, bool audioMuted, bool videoMuted) => _room?.SetMuted(address, audioMuted, videoMuted);

    public void Close()
    {
        if (_room is null) return;
        _room.PeerStateChanged -= OnPeerStateChanged;
        _room.Dispose();
        _room = null;
        LogClosed(logger, roomId);
    }

    private string? Negotiate(RoomMediaSettings settings, Func<IRoomRelay, string> negotiate, out string? error)
    {
        if (relay is null)
        {
            error = "this silo has no media relay";
            return null;
        }
        try
        {
            if (_room is null)
            {
                _room = relay.OpenRoom(roomId, settings);
                _room.PeerStateChanged += OnPeerStateChanged;
                LogOpened(logger, roomId);
            }
            error = null;
            return negotiate(_room);
        }
        catch (MediaRelayException e)
        {
            error = e.Message;
            return null;
        }
    }

    // Raised on a thread-pool thread by the relay: hand over to the call grain, never block the relay.
    private void OnPeerStateChanged(string participant, string streamKey, bool connected) =>
        call.OnMediaConnectedAsync(participant, streamKey, connected).ContinueWith(
            t => LogEventLost(logger, roomId, participant, t.Exception),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the media relay of call {Room}")]
    private static partial void LogOpened(ILogger logger, string room);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed the media relay of call {Room}")]
    private static partial void LogClosed(ILogger logger, string room);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Media event of {Participant} in call {Room} was not delivered")]
    private static partial void LogEventLost(ILogger logger, string room, string participant, Exception? error);
}
