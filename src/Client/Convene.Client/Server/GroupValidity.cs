using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>When a group is valid, in seconds; null leaves a value unchanged (or takes the default).</summary>
public sealed record GroupValidity
{
    /// <summary>Seconds from now until the group becomes valid (default 0).</summary>
    [JsonPropertyName("start")] public long? StartSeconds { get; init; }

    /// <summary>Seconds of validity from the start (default one year); after it the group refuses everything.</summary>
    [JsonPropertyName("duration")] public long? DurationSeconds { get; init; }

    /// <summary>On activity the expiry moves to at least now + this many seconds; 0 disables.</summary>
    [JsonPropertyName("expiryext")] public long? ExtensionSeconds { get; init; }
}
