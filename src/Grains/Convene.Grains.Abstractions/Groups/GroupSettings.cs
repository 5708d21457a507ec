using Orleans.Concurrency;
using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary>A group's settings: what the permission function reads besides the member.</summary>
[GenerateSerializer, Immutable, Alias("convene.GroupSettings")]
public sealed record GroupSettings
{
    /// <summary>One year, the default validity.</summary>
    public static TimeSpan DefaultDuration { get; } = TimeSpan.FromDays(365);

    /// <summary>The group's name.</summary>
    [Id(0)]
    public string Name { get; init; } = "";

    /// <summary>Group flags; the canonical form of <c>group.permissions</c> too.</summary>
    [Id(1)]
    public GroupFlags Flags { get; init; }

    /// <summary>False when disabled (<c>group.active = false</c>): users can do nothing, the backend still can.</summary>
    [Id(2)]
    public bool Active { get; init; } = true;

    /// <summary>Start of validity (<c>validity.start</c> relative to creation).</summary>
    [Id(3)]
    public DateTimeOffset ValidFrom { get; init; }

    /// <summary>End of validity; at or after it the group refuses everything.</summary>
    [Id(4)]
    public DateTimeOffset ExpiresAt { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>Auto-extension of the expiry on group activity, in seconds; 0 disabled.</summary>
    [Id(5)]
    public long ExpiryExtensionSeconds { get; init; }

    /// <summary>Call settings.</summary>
    [Id(6)]
    public CallSettings Call { get; init; } = CallSettings.Default;

    /// <summary>Permissions per message type.</summary>
    [Id(7)]
    public MessageTypeRule[] MessageTypes { get; init; } = [];
}
