using Convene.Actors.Concurrency;
using Convene.Grains.Permissions;

namespace Convene.Grains.Groups;

/// <summary><c>group.permissions.*</c>: each null leaves the current value.</summary>
[Immutable]
public sealed record PermissionsChange(Audience? Send = null, Audience? Recv = null, Audience? Pub = null, Audience? Sub = null, Audience? List = null);
