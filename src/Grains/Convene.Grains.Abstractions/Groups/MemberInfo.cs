using Orleans.Concurrency;
using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary>A group member: address, member permissions, admin rights and call settings.</summary>
/// <param name="Address">The user's address.</param>
/// <param name="Permissions">Member permissions (apply where the group says "selected").</param>
/// <param name="Admin">Admin rights.</param>
[GenerateSerializer, Immutable, Alias("convene.MemberInfo")]
public sealed record MemberInfo(string Address, MemberPermissions Permissions, AdminRights Admin)
{
    /// <summary>Member send/receive permissions per message type.</summary>
    [Id(0)]
    public MemberTypePermission[] TypePermissions { get; init; } = [];

    // Null in records stored before member call settings existed: read as the defaults.
    [Id(1)]
    private readonly MemberCallSettings? _call;

    /// <summary>The member's own call settings (tighten the room's).</summary>
    public MemberCallSettings Call
    {
        get => _call ?? MemberCallSettings.Default;
        init => _call = value;
    }

    /// <summary>A plain member with default permissions and no admin rights.</summary>
    public static MemberInfo Plain(string address) => new(address, MemberPermissions.All, AdminRights.None);
}
