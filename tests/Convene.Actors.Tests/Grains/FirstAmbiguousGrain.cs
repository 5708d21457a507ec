namespace Convene.Actors.Tests.Grains;

public sealed class FirstAmbiguousGrain : Grain, IAmbiguousGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
