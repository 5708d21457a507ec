namespace Convene.Actors.Invocation;

/// <summary>Where a reference sends its calls: the silo for grains, an observer's activation for observers.</summary>
internal interface IMessageSink
{
    /// <summary>The time a caller waits for a response.</summary>
    TimeSpan ResponseTimeout { get; }

    /// <summary>Tracks a call for its response timeout.</summary>
    CallTracker Tracker { get; }

    /// <summary>Delivers a message to its target; never throws (a failure fails the message).</summary>
    void Send(Message message);
}
