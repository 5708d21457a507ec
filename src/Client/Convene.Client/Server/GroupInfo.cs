using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>A group as the backend API describes it (<c>groupget</c>).</summary>
public sealed record GroupInfo
{
    /// <summary>The group id.</summary>
    [JsonPropertyName("gid")] public long Gid { get; init; }

    /// <summary>The name.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>The group flags.</summary>
    [JsonPropertyName("flags")] public uint Flags { get; init; }

    /// <summary>False when disabled for users.</summary>
    [JsonPropertyName("active")] public bool Active { get; init; }

    /// <summary>Who may do what (every field set).</summary>
    [JsonPropertyName("permissions")] public GroupPermissions Permissions { get; init; } = new();

    /// <summary>When the group is valid.</summary>
    [JsonPropertyName("validity")] public GroupValidityInfo Validity { get; init; } = new();

    /// <summary>The call settings (every field but <see cref="CallSettings.Default"/> set).</summary>
    [JsonPropertyName("call")] public CallSettings Call { get; init; } = new();

    /// <summary>Permissions for particular message types.</summary>
    [JsonPropertyName("types")] public IReadOnlyList<MessageTypeRule> MessageTypes { get; init; } = [];

    /// <summary>How many members the group has.</summary>
    [JsonPropertyName("members")] public int MemberCount { get; init; }
}
