using System.Globalization;
using Convene.Actors;
using Convene.Grains.Groups;

namespace Convene.Grains.Tests.Grains;

/// <summary>Helpers to create groups in tests.</summary>
internal static class GrainTestData
{
    public static async Task<(long Gid, IGroupGrain Group)> NewGroupAsync(this IGrainFactory grains, GroupChange change)
    {
        var gid = await grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key).NextAsync();
        var group = grains.GetGrain<IGroupGrain>(gid.ToString(CultureInfo.InvariantCulture));
        var result = await group.CreateAsync(change);
        Assert.True(result.IsOk, $"group creation failed: {result}");
        return (gid, group);
    }

    public static MemberChange Add(params string[] addresses) => new(addresses);
}
