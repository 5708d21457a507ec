namespace Convene.Grains.Chat;

/// <summary>Keys of <see cref="IConversationGrain"/>.</summary>
public static class ConversationKey
{
    /// <summary>The key of the conversation between two users (order does not matter).</summary>
    public static string For(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? $"{a}\n{b}" : $"{b}\n{a}";

    /// <summary>The two addresses of a key.</summary>
    public static (string A, string B) Parse(string key)
    {
        var i = key.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? (key, key) : (key[..i], key[(i + 1)..]);
    }
}
