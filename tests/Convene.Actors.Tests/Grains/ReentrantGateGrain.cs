using Convene.Actors.Concurrency;

namespace Convene.Actors.Tests.Grains;

[Reentrant]
public sealed class ReentrantGateGrain : Grain, IReentrantGateGrain
{
    private readonly TaskCompletionSource<string> _gate = new();

    public Task<string> WaitAsync() => _gate.Task;

    public Task OpenAsync()
    {
        _gate.TrySetResult("opened");
        return Task.CompletedTask;
    }
}
