namespace Convene.Client.Tests;

/// <summary>Events a client received, and a wait for one that matches, with a bounded wait and a message saying what arrived instead.</summary>
public sealed class EventLog<T>
{
    private readonly List<T> _items = [];
    private readonly SemaphoreSlim _added = new(0);

    public void Add(T item)
    {
        lock (_items) _items.Add(item);
        _added.Release();
    }

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items) return [.. _items];
        }
    }

    public async Task<T> WaitAsync(Func<T, bool> match, string expected, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var cancel = new CancellationTokenSource(limit);
        while (true)
        {
            var found = Items.FirstOrDefault(match);
            if (found is not null) return found;
            try
            {
                await _added.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                var seen = Items;
                throw new TimeoutException($"expected {expected} within {limit}; got {seen.Count} event(s): {string.Join("; ", seen.TakeLast(10))}");
            }
        }
    }
}
