using System.Collections.Concurrent;
using Convene.Actors.Tests.Grains;

namespace Convene.Actors.Tests;

public sealed class ObserverTests
{
    private sealed class NotesObserver(int expected) : INotesObserver
    {
        public ConcurrentQueue<(string Note, int Sequence)> Received { get; } = new();

        public TaskCompletionSource All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task OnNoteAsync(string note, int sequence)
        {
            Received.Enqueue((note, sequence));
            if (Received.Count == expected) All.TrySetResult();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_grain_pushes_events_to_an_observer_in_order()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;
        var observer = new NotesObserver(expected: 50);
        var reference = cluster.GrainFactory.CreateObjectReference<INotesObserver>(observer);
        var grain = cluster.GrainFactory.GetGrain<INotifierGrain>("news");

        await grain.SubscribeAsync(reference);
        await grain.NotifyAsync("hello", 50);
        await observer.All.Task.Within("50 notes at the observer");

        Assert.Equal(Enumerable.Range(0, 50), observer.Received.Select(r => r.Sequence));
        Assert.All(observer.Received, r => Assert.Equal("hello", r.Note));
    }

    [Fact]
    public async Task A_deleted_observer_reference_no_longer_receives()
    {
        var (cluster, _) = await Clusters.StartAsync();
        await using var __ = cluster;
        var observer = new NotesObserver(expected: 1);
        var reference = cluster.GrainFactory.CreateObjectReference<INotesObserver>(observer);
        var grain = cluster.GrainFactory.GetGrain<INotifierGrain>("gone");
        await grain.SubscribeAsync(reference);
        Assert.Equal(1, cluster.Silo.ObserverCount);

        cluster.GrainFactory.DeleteObjectReference<INotesObserver>(reference);
        var error = await Assert.ThrowsAsync<GrainUnavailableException>(() => grain.NotifyAsync("after delete", 3));

        Assert.Contains("deleted", error.Message);
        Assert.Equal(0, cluster.Silo.ObserverCount);
        Assert.Empty(observer.Received);
    }
}
