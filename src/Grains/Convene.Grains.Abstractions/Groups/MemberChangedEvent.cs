using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary>A member was added, changed or removed: the gateway re-checks what its connections of that user may do.</summary>
/// <param name="Gid">The group.</param>
/// <param name="Address">The member.</param>
/// <param name="Access">What the user may do now (all false if removed).</param>
[GenerateSerializer, Immutable, Alias("convene.MemberChangedEvent")]
public sealed record MemberChangedEvent(long Gid, string Address, MemberAccess Access);
