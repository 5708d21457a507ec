using Convene.Grains.Groups;
using Convene.Grains.Rooms;

namespace Convene.Grains.Tests.Grains;

/// <summary>Helpers to create groups in tests.</summary>
internal static class GrainTestData
{
    public static async Task<(long Gid, IGroupGrain Group)> NewGroupAsync(this IGrainFactory grains, GroupChange change)
    {
        var gid = await grains.GetGrain<IGroupIdAllocatorGrain>(IGroupIdAllocatorGrain.Key).NextAsync();
        var group = grains.GetGrain<IGroupGrain>(gid);
        var result = await group.CreateAsync(change);
        Assert.True(result.IsOk, $"group creation failed: {result}");
        return (gid, group);
    }

    /// <summary>The group's live room.</summary>
    public static IRoomGrain Room(this IGrainFactory grains, long gid) => grains.GetGrain<IRoomGrain>(gid);

    public static MemberChange Add(params string[] addresses) => new(addresses);
}
