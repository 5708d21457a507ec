using System.Globalization;

namespace Convene.Grains.Chat;

/// <summary>Keys of <see cref="IChatPageGrain"/>: the page number and the history's owner.</summary>
public static class ChatPages
{
    /// <summary>The owner key of a group's history.</summary>
    public static string GroupOwner(long gid) => string.Create(CultureInfo.InvariantCulture, $"group/{gid}");

    /// <summary>The owner key of a one-to-one conversation's history.</summary>
    public static string ConversationOwner(string conversationKey) => "conversation/" + conversationKey;

    /// <summary>The page holding message <paramref name="id"/> (ids start at 1).</summary>
    public static long PageOf(long id) => (id - 1) / Limits.MessagesPerPage;
}
