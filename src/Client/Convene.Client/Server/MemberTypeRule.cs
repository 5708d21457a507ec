using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>A member's permissions for one message type.</summary>
public sealed record MemberTypeRule
{
    /// <summary>The message type.</summary>
    [JsonPropertyName("type")] public int Type { get; init; }

    /// <summary>May send messages of this type.</summary>
    [JsonPropertyName("send")] public bool Send { get; init; }

    /// <summary>Receives messages of this type.</summary>
    [JsonPropertyName("recv")] public bool Receive { get; init; }
}
