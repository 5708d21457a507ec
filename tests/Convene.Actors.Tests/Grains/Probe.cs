using System.Collections.Concurrent;

namespace Convene.Actors.Tests.Grains;

/// <summary>Records what test grains did, so tests can await it.</summary>
public sealed class Probe
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();

    public int Count(string what) => _counts.GetValueOrDefault(what);

    public void Record(string what)
    {
        _counts.AddOrUpdate(what, 1, (_, n) => n + 1);
        Signal(what).TrySetResult();
    }

    /// <summary>Completes when <paramref name="what"/> has been recorded at least once.</summary>
    public Task WhenRecorded(string what) => Signal(what).Task;

    public void Reset(string what)
    {
        _counts.TryRemove(what, out _);
        _signals.TryRemove(what, out _);
    }

    private TaskCompletionSource Signal(string what) =>
        _signals.GetOrAdd(what, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
