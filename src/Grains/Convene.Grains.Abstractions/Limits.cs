namespace Convene.Grains;

/// <summary>Input limits shared by every entry point and enforced again by the grains.</summary>
public static class Limits
{
    /// <summary>Longest user address, in characters.</summary>
    public const int MaxAddressLength = 128;

    /// <summary>Most members one request may add or remove.</summary>
    public const int MaxMembersPerRequest = 1000;

    /// <summary>Largest message body (and backend request body), in bytes.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>Longest group name, in characters.</summary>
    public const int MaxNameLength = 256;

    /// <summary>Largest page of members or messages.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Stored messages kept per group or conversation (at least; whole pages are dropped); older ones go.</summary>
    public const int MaxStoredMessages = 2000;

    /// <summary>Messages per stored page of a chat history: a new message rewrites only its page.</summary>
    public const int MessagesPerPage = 100;

    /// <summary>
    /// Why an address is invalid, or null if it is valid: non-empty, at most <see cref="MaxAddressLength"/>
    /// characters, no whitespace, control characters or commas (the backend API separates addresses with commas).
    /// </summary>
    public static string? CheckAddress(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return "is empty";
        }
        if (address.Length > MaxAddressLength)
        {
            return $"is longer than {MaxAddressLength} characters";
        }
        foreach (var c in address)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == ',')
            {
                return "contains whitespace, a control character or a comma";
            }
        }
        return null;
    }
}
