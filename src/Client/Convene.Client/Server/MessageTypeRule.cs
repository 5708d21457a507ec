using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>Who may send and receive messages of one type in a group.</summary>
public sealed record MessageTypeRule
{
    /// <summary>The message type.</summary>
    [JsonPropertyName("type")] public int Type { get; init; }

    /// <summary>Who may send messages of this type.</summary>
    [JsonPropertyName("send")] public Audience Send { get; init; }

    /// <summary>Who receives messages of this type.</summary>
    [JsonPropertyName("recv")] public Audience Receive { get; init; }
}
