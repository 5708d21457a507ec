using Orleans.Concurrency;
using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary>
/// The <c>group</c> object of groupadd/groupset: each null leaves the current value. Flags are applied
/// before the permissions object; with <see cref="MessageType"/>, permissions send/recv set that type's rule instead.
/// </summary>
[GenerateSerializer, Immutable, Alias("convene.GroupChange")]
public sealed record GroupChange
{
    /// <summary><c>name</c>.</summary>
    [Id(0)]
    public string? Name { get; init; }

    /// <summary><c>flags</c>.</summary>
    [Id(1)]
    public GroupFlags? Flags { get; init; }

    /// <summary><c>active</c>.</summary>
    [Id(2)]
    public bool? Active { get; init; }

    /// <summary><c>permissions</c>.</summary>
    [Id(3)]
    public PermissionsChange? Permissions { get; init; }

    /// <summary><c>validity</c>.</summary>
    [Id(4)]
    public ValidityChange? Validity { get; init; }

    /// <summary><c>call</c>.</summary>
    [Id(5)]
    public CallChange? Call { get; init; }

    /// <summary><c>type</c>.</summary>
    [Id(6)]
    public int? MessageType { get; init; }

    /// <summary><c>members</c>.</summary>
    [Id(7)]
    public MemberChange? Members { get; init; }
}
