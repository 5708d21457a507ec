using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>A member's own permissions (they matter where the group's permission is <see cref="Audience.Selected"/>); null leaves one unchanged.</summary>
public sealed record MemberPermissions
{
    /// <summary>May send messages.</summary>
    [JsonPropertyName("send")] public bool? Send { get; init; }

    /// <summary>Receives messages.</summary>
    [JsonPropertyName("recv")] public bool? Receive { get; init; }

    /// <summary>May publish streams.</summary>
    [JsonPropertyName("pub")] public bool? Publish { get; init; }

    /// <summary>May subscribe to streams.</summary>
    [JsonPropertyName("sub")] public bool? Subscribe { get; init; }

    /// <summary>May list the publishers.</summary>
    [JsonPropertyName("list")] public bool? List { get; init; }
}
