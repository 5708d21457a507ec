using Convene.Actors;
using Convene.Grains.Streams;

namespace Convene.Grains.Participants;

/// <summary>
/// A member's live call state in one group, keyed by <see cref="StreamKeys.Participant"/>: connections,
/// the streams each connection publishes and the streams it subscribes to. When a connection leaves
/// (or drops), its streams end and its subscriptions go. Nothing is persisted.
/// </summary>
public interface IParticipantGrain : IGrainWithStringKey
{
    /// <summary>A connection joined the group call.</summary>
    Task JoinAsync(string connectionId, GatewayRef gateway);

    /// <summary>A connection left (or dropped): ends what it published and subscribed. Returns how many connections remain.</summary>
    Task<int> LeaveAsync(string connectionId, string reason);

    /// <summary>Records that <paramref name="connectionId"/> publishes stream <paramref name="streamId"/>.</summary>
    Task AddPublishedAsync(string connectionId, int streamId);

    /// <summary>Forgets a published stream (it ended).</summary>
    Task RemovePublishedAsync(int streamId);

    /// <summary>Records a subscription of <paramref name="connectionId"/> to the stream with key <paramref name="streamKey"/>.</summary>
    Task AddSubscriptionAsync(string connectionId, string streamKey);

    /// <summary>Forgets a subscription.</summary>
    Task RemoveSubscriptionAsync(string streamKey);

    /// <summary>Whether <paramref name="connectionId"/> has joined.</summary>
    Task<bool> HasJoinedAsync(string connectionId);
}
