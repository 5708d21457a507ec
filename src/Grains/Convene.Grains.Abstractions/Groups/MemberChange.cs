using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary><c>group.members</c>: add (or update) or remove members.</summary>
/// <param name="Addresses">The members (<c>m</c>), at most <see cref="Limits.MaxMembersPerRequest"/>.</param>
/// <param name="Remove">True to remove them, false to add or update them.</param>
/// <param name="Permissions">Member permissions to set.</param>
/// <param name="Admin">Admin rights to grant or take.</param>
/// <param name="MessageType">With a type, <see cref="Permissions"/> send/recv apply to messages of that type only.</param>
/// <param name="Call">The members' own call settings to set.</param>
[GenerateSerializer, Immutable, Alias("convene.MemberChange")]
public sealed record MemberChange(
    string[] Addresses, bool Remove = false, MemberPermissionsChange? Permissions = null,
    AdminChange? Admin = null, int? MessageType = null, MemberCallChange? Call = null);
