using Convene.Grains.Rooms;

namespace Convene.Grains.Metrics;

/// <summary>Measures how long rooms take to answer joins (<c>convene.room.join.duration</c>), outside the room grain.</summary>
internal sealed class JoinLatencyFilter(ConveneMetrics metrics, TimeProvider time) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name != nameof(IRoomGrain.JoinAsync) || context.InterfaceMethod.DeclaringType != typeof(IRoomGrain))
        {
            await context.Invoke();
            return;
        }
        var started = time.GetTimestamp();
        await context.Invoke();
        metrics.JoinAnswered(time.GetElapsedTime(started));
    }
}
