namespace Convene.Grains.Streams;

/// <summary>What happened to a stream.</summary>
public enum StreamEventKind
{
    /// <summary>Someone subscribed (<see cref="StreamEvent.Flag"/> true) or unsubscribed: sent to the publisher (<c>OnSubscriber</c>).</summary>
    Subscriber,
    /// <summary>The publisher changed mute state: sent to subscribers (<c>OnMute</c>).</summary>
    Mute,
    /// <summary>The publisher started or stopped talking: sent to subscribers (<c>OnTalking</c>).</summary>
    Talking,
    /// <summary>The stream ended: sent to subscribers (<c>OnHangup</c>).</summary>
    Hangup,
    /// <summary>A media connection was established (Flag true) or lost: sent to its owner (<c>OnConnected</c>).</summary>
    Connected,
    /// <summary>Simulcast: how many layers of the stream subscribers take (<see cref="StreamEvent.Layers"/>): sent to its publisher (<c>OnLayers</c>).</summary>
    Layers,
}
