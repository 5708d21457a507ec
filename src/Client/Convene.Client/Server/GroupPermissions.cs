using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>Who may send, receive, publish, subscribe and list publishers in a group; null leaves one unchanged.</summary>
public sealed record GroupPermissions
{
    /// <summary>Who may send messages.</summary>
    [JsonPropertyName("send")] public Audience? Send { get; init; }

    /// <summary>Who receives messages.</summary>
    [JsonPropertyName("recv")] public Audience? Receive { get; init; }

    /// <summary>Who may publish streams.</summary>
    [JsonPropertyName("pub")] public Audience? Publish { get; init; }

    /// <summary>Who may subscribe to streams.</summary>
    [JsonPropertyName("sub")] public Audience? Subscribe { get; init; }

    /// <summary>Who may list the publishers.</summary>
    [JsonPropertyName("list")] public Audience? List { get; init; }
}
