namespace Convene.Actors.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int amount);

    Task<int> GetAsync();

    Task<string> GetKeyAsync();

    Task<int> TrackConcurrencyAsync();

    Task SaveAsync();

    Task DeactivateAsync();

    Task<List<int>> EchoListAsync(List<int> values);

    Task<int> SumLaterAsync(List<int> values);

    Task BadArgumentAsync(Action callback);

    Task FailAsync(string message);

    ValueTask<int> GetValueTaskAsync();
}
