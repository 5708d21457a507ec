using Convene.Actors.Concurrency;
using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary>
/// The <c>group</c> object of groupadd/groupset: each null leaves the current value. Flags are applied
/// before the permissions object; with <see cref="MessageType"/>, permissions send/recv set that type's rule instead.
/// </summary>
[Immutable]
public sealed record GroupChange
{
    /// <summary><c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>flags</c>.</summary>
    public GroupFlags? Flags { get; init; }

    /// <summary><c>active</c>.</summary>
    public bool? Active { get; init; }

    /// <summary><c>permissions</c>.</summary>
    public PermissionsChange? Permissions { get; init; }

    /// <summary><c>validity</c>.</summary>
    public ValidityChange? Validity { get; init; }

    /// <summary><c>call</c>.</summary>
    public CallChange? Call { get; init; }

    /// <summary><c>type</c>.</summary>
    public int? MessageType { get; init; }

    /// <summary><c>members</c>.</summary>
    public MemberChange? Members { get; init; }
}
