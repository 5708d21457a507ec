using System.Collections.Concurrent;

namespace Convene.Gateway.Notifications;

/// <summary>How many hub connections each user has at this gateway node.</summary>
public sealed class ConnectionCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts a new connection; returns the user's count.</summary>
    public int Increment(string address) => _counts.AddOrUpdate(address, 1, (_, n) => n + 1);

    /// <summary>Counts a closed connection; returns the user's remaining count.</summary>
    public int Decrement(string address)
    {
        while (true)
        {
            if (!_counts.TryGetValue(address, out var n)) return 0;
            if (n <= 1)
            {
                if (_counts.TryRemove(new KeyValuePair<string, int>(address, n))) return 0;
            }
            else if (_counts.TryUpdate(address, n - 1, n))
            {
                return n - 1;
            }
        }
    }

    /// <summary>Users connected to this node.</summary>
    public int Users => _counts.Count;
}
