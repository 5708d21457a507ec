namespace Convene.Actors.Tests.Grains;

public interface IReentrantGateGrain : IGrainWithStringKey
{
    Task<string> WaitAsync();

    Task OpenAsync();
}
