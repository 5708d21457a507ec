namespace Convene.Actors.Tests.Grains;

public interface INotifierGrain : IGrainWithStringKey
{
    Task SubscribeAsync(INotesObserver observer);

    Task NotifyAsync(string note, int count);

    Task StartTimerAsync(int ticks);

    Task<int> TrackWhileTimerRunsAsync();
}
