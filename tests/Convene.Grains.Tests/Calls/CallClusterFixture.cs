using Convene.Grains.Calls;
using Convene.Grains.Tests.Grains;

namespace Convene.Grains.Tests.Calls;

/// <summary>A cluster whose calls ring for two seconds and may only be placed between members of a common group.</summary>
public sealed class CallClusterFixture : ClusterFixture
{
    public static readonly TimeSpan RingTimeout = TimeSpan.FromSeconds(2);

    protected override Action<CallOptions>? Calls => o =>
    {
        o.RingTimeout = RingTimeout;
        o.Policy = CallPolicy.SharedGroup;
    };
}
