using Orleans.Concurrency;
using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary><c>group.permissions.*</c>: each null leaves the current value.</summary>
[GenerateSerializer, Immutable, Alias("convene.PermissionsChange")]
public sealed record PermissionsChange(Audience? Send = null, Audience? Recv = null, Audience? Pub = null, Audience? Sub = null, Audience? List = null);
