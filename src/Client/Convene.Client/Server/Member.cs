using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>A group member (<c>groupgetmembers</c>).</summary>
public sealed record Member
{
    /// <summary>The member's address.</summary>
    [JsonPropertyName("address")] public string Address { get; init; } = "";

    /// <summary>Their permissions (every field set).</summary>
    [JsonPropertyName("permissions")] public MemberPermissions Permissions { get; init; } = new();

    /// <summary>Their admin rights (every field set).</summary>
    [JsonPropertyName("admin")] public AdminRights Admin { get; init; } = new();

    /// <summary>Their permissions for particular message types.</summary>
    [JsonPropertyName("types")] public IReadOnlyList<MemberTypeRule> MessageTypes { get; init; } = [];
}
