namespace Convene.Client.Conference;

/// <summary>Someone subscribed to (or left) one of your streams (the hub's <c>OnSubscriber</c>).</summary>
/// <param name="Subscriber">The subscriber.</param>
/// <param name="Joined">True when they subscribed, false when they left.</param>
public sealed record SubscriberChange(Subscriber Subscriber, bool Joined);
