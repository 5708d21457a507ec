namespace Convene.Actors.Tests.Grains;

public sealed class CounterState
{
    public int Value { get; set; }
}
