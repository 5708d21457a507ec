using Orleans.Concurrency;

namespace Convene.Bench.Actors;

public interface IPingGrain : IGrainWithStringKey
{
    Task<int> PingAsync(int value);

    /// <summary>Fire-and-forget: the caller's task completes when the message is queued, not when it is handled.</summary>
    [OneWay]
    Task PingOneWayAsync(int value);

    /// <summary>The payload is deep-copied on the way in (in-silo calls copy arguments).</summary>
    Task<int> EchoAsync(PingPayload payload);

    /// <summary>The same call with the argument marked <c>[Immutable]</c>: passed by reference, not copied.</summary>
    Task<int> EchoImmutableAsync([Immutable] PingPayload payload);
}

/// <summary>A small message: a name and 256 bytes, about what a room event carries.</summary>
[GenerateSerializer]
public sealed class PingPayload
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public byte[] Data { get; set; } = [];
}
