using Convene.Actors.Storage;

namespace Convene.Actors.Tests.Grains;

public sealed class CounterGrain : Grain, ICounterGrain
{
    private readonly IPersistentState<CounterState> _state;
    private readonly Probe _probe;
    private readonly string _keyInConstructor;
    private int _inside;
    private int _maxInside;
    private List<int>? _stored;

    public CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, Probe probe)
    {
        _state = state;
        _probe = probe;
        _keyInConstructor = this.GetPrimaryKeyString(); // the identity is usable in the constructor
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _probe.Record($"activate:{_keyInConstructor}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _probe.Record($"deactivate:{this.GetPrimaryKeyString()}:{reason}");
        return Task.CompletedTask;
    }

    public Task<int> AddAsync(int amount) => Task.FromResult(_state.State.Value += amount);

    public Task<int> GetAsync() => Task.FromResult(_state.State.Value);

    public Task<string> GetKeyAsync() => Task.FromResult(this.GetPrimaryKeyString());

    public async Task<int> TrackConcurrencyAsync()
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        await Task.Yield();
        await Task.Delay(1);
        _inside--;
        return _maxInside;
    }

    public Task SaveAsync() => _state.WriteStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<List<int>> EchoListAsync(List<int> values)
    {
        _stored = values;
        return Task.FromResult(values);
    }

    public Task<int> SumLaterAsync(List<int> values) => Task.FromResult(_stored!.Sum());

    public Task BadArgumentAsync(Action callback) => Task.CompletedTask;

    public Task FailAsync(string message) => throw new GrainTestException(message);

    public ValueTask<int> GetValueTaskAsync() => ValueTask.FromResult(_state.State.Value);
}
