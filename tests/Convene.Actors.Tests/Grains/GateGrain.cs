namespace Convene.Actors.Tests.Grains;

public sealed class GateGrain : Grain, IGateGrain
{
    private readonly TaskCompletionSource<string> _gate = new();

    public Task<string> WaitAsync() => _gate.Task;

    public Task OpenAsync()
    {
        _gate.TrySetResult("opened");
        return Task.CompletedTask;
    }

    public Task OpenInterleavedAsync() => OpenAsync();

    public Task HangAsync() => new TaskCompletionSource().Task;
}
