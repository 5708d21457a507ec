namespace Convene.Gateway.Hubs;

/// <summary>The events a client receives (the spec's listeners).</summary>
public interface IConferenceClient
{
    /// <summary>A publisher appeared (<paramref name="joined"/> true) or went away.</summary>
    Task OnPublisher(ParticipantDto participant, bool joined);

    /// <summary>Someone subscribed to (or left) one of your streams.</summary>
    Task OnSubscriber(SubscriberDto subscriber, bool joined);

    /// <summary>Your media connection for a stream went up or down.</summary>
    Task OnConnected(ParticipantDto participant, bool connected);

    /// <summary>A stream you receive was muted or unmuted by its publisher.</summary>
    Task OnMute(ParticipantDto participant);

    /// <summary>A publisher started or stopped talking.</summary>
    Task OnTalking(ParticipantDto participant, bool talking);

    /// <summary>A stream you receive ended.</summary>
    Task OnHangup(ParticipantDto participant, string reason);

    /// <summary>
    /// Simulcast ("dynacast"): subscribers take only the lowest <paramref name="layers"/> layers of your stream, so the
    /// SDK pauses the others (RTCRtpSender encodings inactive) and resumes them when this grows.
    /// </summary>
    Task OnLayers(ParticipantDto participant, int layers);

    /// <summary>A group or one-to-one message.</summary>
    Task OnMessage(MessageDto message);

    /// <summary>
    /// The room's live call was restarted (its silo was lost or it moved): its publications and subscriptions are
    /// gone, so the client rejoins, republishes and resubscribes.
    /// </summary>
    Task OnMoved(long gid);

    /// <summary>
    /// Some of the room's events did not reach this gateway in time (a message lost, e.g. with a silo): the later
    /// ones were delivered, and the client re-reads the room's state to catch up on what it missed: GetAccess (and
    /// whether it is still in the call), ListPublishers, GetRaisedHands, ListSubscribers for its own streams.
    /// The call and its media go on; nothing is renegotiated.
    /// </summary>
    Task OnResync(long gid);

    /// <summary>A one-to-one call event (incoming, status, mute, published, hangup, missed); see docs/client-api.md.</summary>
    Task OnCall(CallEventDto e);

    /// <summary>Your membership, permissions or media limits in a group changed (see docs/client-api.md, Moderation).</summary>
    Task OnMemberChanged(MemberAccessDto access);

    /// <summary>The group was deleted: its call is over.</summary>
    Task OnGroupDeleted(long gid);

    /// <summary>A participant raised (true) or lowered a hand (to those who may list).</summary>
    Task OnRaiseHand(long gid, string address, bool raised);

    /// <summary>Your call in the group ended: <c>removed</c> by a moderator, <c>ended</c> for everyone, or <c>maxdur</c> reached.</summary>
    Task OnCallEnded(long gid, string reason, string? by);

    /// <summary>A moderator muted one of your streams (its state after the change).</summary>
    Task OnModeratorMute(ParticipantDto participant, string by);
}
