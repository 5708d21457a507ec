using Convene.Actors;

namespace Convene.Grains.Streams;

/// <summary>
/// One published stream's live call state, keyed by <see cref="StreamKeys.Of(long, string, int)"/>: mute, talking and
/// subscribers. Nothing is persisted: a stream exists while its publisher is connected.
/// Permission checks happen before these calls (in the group grain); this grain tracks and notifies.
/// </summary>
public interface IStreamGrain : IGrainWithStringKey
{
    /// <summary>The stream, or null if it is not being published.</summary>
    Task<StreamInfo?> GetAsync();

    /// <summary>Starts (or restarts) the stream; existing subscribers are kept.</summary>
    Task StartAsync(StreamInfo stream, GatewayRef publisher);

    /// <summary>Sets the publisher's mute state; subscribers get <c>OnMute</c>. Null if not published.</summary>
    Task<StreamInfo?> SetMuteAsync(bool audioMuted, bool videoMuted);

    /// <summary>Sets talking; subscribers get <c>OnTalking</c> on a change.</summary>
    Task SetTalkingAsync(bool talking);

    /// <summary>Adds or updates a subscriber; the publisher gets <c>OnSubscriber</c>. Null if not published.</summary>
    Task<StreamInfo?> SubscribeAsync(SubscriberInfo subscriber, GatewayRef gateway);

    /// <summary>Removes a subscriber; the publisher gets <c>OnSubscriber</c>(false).</summary>
    Task UnsubscribeAsync(string address);

    /// <summary>Tells one user that their media connection for this stream is up or down.</summary>
    Task NotifyConnectedAsync(string address, bool connected);

    /// <summary>Ends the stream; subscribers get <c>OnHangup</c> with <paramref name="reason"/>.</summary>
    Task EndAsync(string reason);

    /// <summary>The current subscribers.</summary>
    Task<IReadOnlyList<SubscriberInfo>> GetSubscribersAsync();
}
