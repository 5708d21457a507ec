using Orleans.Concurrency;

namespace Convene.Grains.Groups;

/// <summary><c>group.members.permissions.*</c> (or cansend/canrecv/canpub/cansub/canlist): null leaves the current value (true for new members).</summary>
[GenerateSerializer, Immutable, Alias("convene.MemberPermissionsChange")]
public sealed record MemberPermissionsChange(bool? Send = null, bool? Recv = null, bool? Pub = null, bool? Sub = null, bool? List = null);
