using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>A group's settings to create or change it (<c>groupadd</c>, <c>groupset</c>); null leaves a field unchanged (or at its default).</summary>
public sealed record GroupSettings
{
    /// <summary>The name (at most 256 characters).</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>OR of the group flags (e.g. 0x100 selected members publish); see the backend API document.</summary>
    [JsonPropertyName("flags")] public uint? Flags { get; init; }

    /// <summary>False disables the group for users.</summary>
    [JsonPropertyName("active")] public bool? Active { get; init; }

    /// <summary>Who may do what; applied after <see cref="Flags"/>.</summary>
    [JsonPropertyName("permissions")] public GroupPermissions? Permissions { get; init; }

    /// <summary>When the group is valid.</summary>
    [JsonPropertyName("validity")] public GroupValidity? Validity { get; init; }

    /// <summary>Call settings.</summary>
    [JsonPropertyName("call")] public CallSettings? Call { get; init; }

    /// <summary>A message type: the send/receive permissions then apply to messages of that type only.</summary>
    [JsonPropertyName("type")] public int? MessageType { get; init; }

    /// <summary>Members to add with the group (adding only).</summary>
    [JsonPropertyName("members")] public MemberChange? Members { get; init; }
}
