using System.Text.Json.Serialization;

namespace Convene.Client.Server;

/// <summary>A member's admin rights (what they may do through the real-time API); null leaves one unchanged.</summary>
public sealed record AdminRights
{
    /// <summary>Every right.</summary>
    [JsonPropertyName("owner")] public bool? Owner { get; init; }

    /// <summary>Modify, add and remove users, add and remove admins.</summary>
    [JsonPropertyName("admin")] public bool? Admin { get; init; }

    /// <summary>May change the group's settings.</summary>
    [JsonPropertyName("modify")] public bool? Modify { get; init; }

    /// <summary>May delete the group.</summary>
    [JsonPropertyName("remove")] public bool? Remove { get; init; }

    /// <summary>May add members.</summary>
    [JsonPropertyName("adduser")] public bool? AddUser { get; init; }

    /// <summary>May remove members.</summary>
    [JsonPropertyName("remuser")] public bool? RemoveUser { get; init; }

    /// <summary>May grant admin rights.</summary>
    [JsonPropertyName("addadmin")] public bool? AddAdmin { get; init; }

    /// <summary>May revoke admin rights.</summary>
    [JsonPropertyName("remadmin")] public bool? RemoveAdmin { get; init; }

    /// <summary>May revoke the owner right.</summary>
    [JsonPropertyName("remowner")] public bool? RemoveOwner { get; init; }
}
