using Microsoft.AspNetCore.SignalR.Client;

namespace Convene.Client.Conference;

/// <summary>The hub's events and the connection's (reconnecting, restored, closed) as .NET events.</summary>
public sealed partial class ConferenceClient
{
    /// <summary>A publisher appeared or went away (if you may list publishers; your own streams too).</summary>
    public event Action<PublisherChange>? PublisherChanged;

    /// <summary>Someone subscribed to or left one of your streams.</summary>
    public event Action<SubscriberChange>? SubscriberChanged;

    /// <summary>Your media connection for a stream went up or down.</summary>
    public event Action<MediaConnectionChange>? MediaConnectionChanged;

    /// <summary>A stream you receive was muted or unmuted by its publisher.</summary>
    public event Action<Participant>? MuteChanged;

    /// <summary>A publisher of a stream you receive started or stopped talking.</summary>
    public event Action<TalkingChange>? TalkingChanged;

    /// <summary>A stream you receive ended.</summary>
    public event Action<Hangup>? HungUp;

    /// <summary>A group message (<see cref="ChatMessage.Gid"/> set) or a one-to-one message (<see cref="ChatMessage.Gid"/> 0).</summary>
    public event Action<ChatMessage>? MessageReceived;

    /// <summary>A room's live call restarted on another silo; its publications and subscriptions are gone. The client rejoins the group itself (<see cref="GroupRestored"/>).</summary>
    public event Action<long>? Moved;

    /// <summary>
    /// Some of a room's events did not reach the gateway in time (lost, e.g. with a silo): the later ones were delivered.
    /// Re-read what you show of the room: <see cref="ListPublishersAsync"/> (publishers, their source, mute and talking
    /// state; your own streams' mute state too, which a moderator may have changed), <see cref="GetRaisedHandsAsync"/>,
    /// <see cref="ListSubscribersAsync"/> for each of your streams and <see cref="GetAccessAsync"/> (what you may do,
    /// and whether you are still in the call).
    /// The call and its media go on.
    /// </summary>
    public event Action<long>? ResyncNeeded;

    /// <summary>A joined group was joined again after a reconnection or a move (or could not be).</summary>
    public event Action<GroupRestore>? GroupRestored;

    /// <summary>The connection was lost; the client is reconnecting.</summary>
    public event Action<Exception?>? Reconnecting;

    /// <summary>The connection is back and every joined group was joined again (or reported as failed through <see cref="GroupRestored"/>).</summary>
    public event Action? Reconnected;

    /// <summary>The connection is closed for good: stopped, disposed, reconnection off or given up.</summary>
    public event Action<Exception?>? Closed;

    internal void RaiseRestored(GroupRestore restore) => GroupRestored?.Invoke(restore);

    internal void RaiseReconnecting(Exception? cause) => Reconnecting?.Invoke(cause);

    internal void RaiseReconnected() => Reconnected?.Invoke();

    internal void RaiseClosed(Exception? cause) => Closed?.Invoke(cause);

    private void WireEvents()
    {
        Connection.On<Participant, bool>("OnPublisher", (p, joined) => PublisherChanged?.Invoke(new PublisherChange(p, joined)));
        Connection.On<Subscriber, bool>("OnSubscriber", (s, joined) => SubscriberChanged?.Invoke(new SubscriberChange(s, joined)));
        Connection.On<Participant, bool>("OnConnected", (p, up) => MediaConnectionChanged?.Invoke(new MediaConnectionChange(p, up)));
        Connection.On<Participant>("OnMute", p => MuteChanged?.Invoke(p));
        Connection.On<Participant, bool>("OnTalking", (p, talking) => TalkingChanged?.Invoke(new TalkingChange(p, talking)));
        Connection.On<Participant, string>("OnHangup", (p, reason) => HungUp?.Invoke(new Hangup(p, reason)));
        Connection.On<ChatMessage>("OnMessage", m => MessageReceived?.Invoke(m));
        Connection.On<long>("OnResync", gid => ResyncNeeded?.Invoke(gid));
        Connection.On<long>("OnMoved", gid =>
        {
            Moved?.Invoke(gid);
            if (_options.Reconnect) _restorer.RejoinInBackground(gid, RestoreCause.Moved);
        });
        Connection.Reconnecting += e =>
        {
            Reconnecting?.Invoke(e);
            return Task.CompletedTask;
        };
        // Restoring calls the hub: not on the connection's own callback.
        Connection.Reconnected += connectionId =>
        {
            _ = Task.Run(_restorer.RestoreAllAsync);
            return Task.CompletedTask;
        };
        Connection.Closed += e =>
        {
            if (Stopped || !_options.Reconnect) Closed?.Invoke(e);
            else _ = Task.Run(() => _restorer.RestartAsync(e));
            return Task.CompletedTask;
        };
    }
}
