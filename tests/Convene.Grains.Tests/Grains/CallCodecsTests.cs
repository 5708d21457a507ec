using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;

namespace Convene.Grains.Tests.Grains;

/// <summary><c>call.codecs</c>: the room's video codec order, validated, normalised and handed to the relay.</summary>
public sealed class CallCodecsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task The_order_defaults_to_vp8_first_is_normalised_and_reaches_the_relays_settings()
    {
        var (_, group) = await _grains.NewGroupAsync(new GroupChange { Name = "codecs" });
        var before = (await group.GetAsync(Actor.Backend)).Value!.Settings.Call;
        Assert.Equal("vp8,vp9,h264,av1", before.Codecs);

        var result = await group.UpdateAsync(Actor.Backend, new GroupChange { Call = new CallChange(Codecs: " H264 , vp8") });

        Assert.True(result.IsOk, result.Error);
        var call = (await group.GetAsync(Actor.Backend)).Value!.Settings.Call;
        Assert.Equal("h264,vp8", call.Codecs);
        Assert.Equal("h264,vp8", RoomMedia.SettingsOf(call).VideoCodecs);
    }

    [Theory]
    [InlineData("vp8,h265", "unknown video codec 'h265'")]
    [InlineData("", "empty")]
    [InlineData("av1,av1", "listed twice")]
    public async Task A_bad_order_is_refused_and_changes_nothing(string codecs, string reason)
    {
        var (_, group) = await _grains.NewGroupAsync(new GroupChange { Call = new CallChange(Codecs: "vp9") });

        var result = await group.UpdateAsync(Actor.Backend, new GroupChange { Call = new CallChange(Codecs: codecs) });

        Assert.Equal(GroupStatus.Invalid, result.Status);
        Assert.Contains("group.call.codecs", result.Error);
        Assert.Contains(reason, result.Error);
        Assert.Equal("vp9", (await group.GetAsync(Actor.Backend)).Value!.Settings.Call.Codecs);
    }
}
