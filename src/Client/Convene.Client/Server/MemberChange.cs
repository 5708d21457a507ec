using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>Adds, updates or removes members (at most 1,000 addresses at once).</summary>
public sealed record MemberChange
{
    /// <summary>The members' addresses.</summary>
    [JsonPropertyName("m")] public required IReadOnlyList<string> Addresses { get; init; }

    /// <summary>Remove these members instead of adding or updating them.</summary>
    [JsonPropertyName("remove")] public bool Remove { get; init; }

    /// <summary>Their permissions (default: all true for new members).</summary>
    [JsonPropertyName("permissions")] public MemberPermissions? Permissions { get; init; }

    /// <summary>Their admin rights.</summary>
    [JsonPropertyName("admin")] public AdminRights? Admin { get; init; }
}
