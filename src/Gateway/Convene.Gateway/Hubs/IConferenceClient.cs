namespace Convene.Gateway.Hubs;

/// <summary>The events a conference client receives (the spec's listeners).</summary>
public interface IConferenceClient
{
    /// <summary>A stream was published (<paramref name="joined"/>) or ended; only to members allowed to list.</summary>
    Task OnPublisher(ParticipantDto participant, bool joined);

    /// <summary>Someone subscribed to (or left) one of your streams.</summary>
    Task OnSubscriber(SubscriberDto subscriber, bool joined);

    /// <summary>A media connection of yours for this stream is up (<paramref name="connected"/>) or down.</summary>
    Task OnConnected(ParticipantDto participant, bool connected);

    /// <summary>A stream you subscribe to was muted or unmuted.</summary>
    Task OnMute(ParticipantDto participant);

    /// <summary>The publisher of a stream you subscribe to started or stopped talking.</summary>
    Task OnTalking(ParticipantDto participant, bool talking);

    /// <summary>A stream you subscribe to ended.</summary>
    Task OnHangup(ParticipantDto participant, string reason);

    /// <summary>A group or one-to-one message.</summary>
    Task OnMessage(MessageDto message);
}
