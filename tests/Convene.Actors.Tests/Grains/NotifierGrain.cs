using Convene.Actors.Timers;

namespace Convene.Actors.Tests.Grains;

public sealed class NotifierGrain(Probe probe) : Grain, INotifierGrain
{
    private readonly List<INotesObserver> _observers = [];
    private bool _inCall;
    private int _ticks;

    public Task SubscribeAsync(INotesObserver observer)
    {
        _observers.Add(observer);
        return Task.CompletedTask;
    }

    public async Task NotifyAsync(string note, int count)
    {
        for (var i = 0; i < count; i++)
        {
            foreach (var observer in _observers) await observer.OnNoteAsync(note, i);
        }
    }

    public Task StartTimerAsync(int ticks)
    {
        IGrainTimer? timer = null;
        timer = RegisterGrainTimer(async _ =>
        {
            if (_inCall) probe.Record("timer-interleaved");
            await Task.Yield();
            if (++_ticks == ticks)
            {
                timer!.Dispose();
                probe.Record($"timer-done:{this.GetPrimaryKeyString()}");
            }
        }, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));
        return Task.CompletedTask;
    }

    public async Task<int> TrackWhileTimerRunsAsync()
    {
        _inCall = true;
        await Task.Delay(5);
        _inCall = false;
        return _ticks;
    }
}
