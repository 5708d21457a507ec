using Convene.Actors;

namespace Convene.Bench.Actors;

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value);
}
