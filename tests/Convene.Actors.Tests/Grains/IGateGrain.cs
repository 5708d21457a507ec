using Convene.Actors.Concurrency;

namespace Convene.Actors.Tests.Grains;

/// <summary>A grain whose first call waits until a second call opens a gate.</summary>
public interface IGateGrain : IGrainWithStringKey
{
    Task<string> WaitAsync();

    Task OpenAsync();

    [AlwaysInterleave]
    Task OpenInterleavedAsync();

    Task HangAsync();
}
