namespace Convene.Actors.Tests.Grains;

public sealed class SecondAmbiguousGrain : Grain, IAmbiguousGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
