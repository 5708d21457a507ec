namespace Convene.Bench.Actors;

public sealed class PingGrain : Grain, IPingGrain
{
    private int _received;

    public Task<int> PingAsync(int value) => Task.FromResult(value);

    public Task PingOneWayAsync(int value)
    {
        _received += value;
        return Task.CompletedTask;
    }

    public Task<int> EchoAsync(PingPayload payload) => Task.FromResult(payload.Data.Length);

    public Task<int> EchoImmutableAsync(PingPayload payload) => Task.FromResult(payload.Data.Length);
}
