namespace Convene.Actors.Tests.Grains;

public interface IAmbiguousGrain : IGrainWithStringKey
{
    Task PingAsync();
}
