using Orleans.Concurrency;

namespace Convene.Grains.Streams;

/// <summary>An event about a stream for the listed recipients' connections at the observing gateway.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Recipients">Addresses at this gateway that get it.</param>
/// <param name="Stream">The stream's state after the change.</param>
/// <param name="Flag">Joined / talking / connected, depending on <paramref name="Kind"/>.</param>
/// <param name="Subscriber">For <see cref="StreamEventKind.Subscriber"/>: who subscribed.</param>
/// <param name="Reason">For <see cref="StreamEventKind.Hangup"/>: why the stream ended.</param>
/// <param name="Layers">For <see cref="StreamEventKind.Layers"/>: how many simulcast layers to send, lowest first.</param>
[GenerateSerializer, Immutable, Alias("convene.StreamEvent")]
public sealed record StreamEvent(
    StreamEventKind Kind, string[] Recipients, StreamInfo Stream, bool Flag, SubscriberInfo? Subscriber = null, string? Reason = null, int Layers = 0);
