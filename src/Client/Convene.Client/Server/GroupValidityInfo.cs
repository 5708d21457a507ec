using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>When a group is valid.</summary>
public sealed record GroupValidityInfo
{
    /// <summary>When it becomes valid.</summary>
    [JsonPropertyName("start")] public DateTimeOffset Start { get; init; }

    /// <summary>When it expires.</summary>
    [JsonPropertyName("expiry")] public DateTimeOffset Expiry { get; init; }

    /// <summary>On activity the expiry moves to at least now + this many seconds; 0 disables.</summary>
    [JsonPropertyName("expiryext")] public long ExtensionSeconds { get; init; }
}
