using Convene.Actors;

namespace Convene.Bench.Actors;

public interface IPingGrain : IGrainWithStringKey
{
    Task<int> PingAsync(int value);
}
