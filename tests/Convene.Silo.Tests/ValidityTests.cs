using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Silo.Tests;

/// <summary>Group validity with a clock the test controls: an expired group refuses its users everything; the backend still administers it.</summary>
public sealed class ValidityTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ConveneApp _app;
    private ApiClient _api = null!;

    public ValidityTests()
    {
        _app = new ConveneApp(configureServices: services => services.AddSingleton<TimeProvider>(_clock));
    }

    public Task InitializeAsync()
    {
        _api = new ApiClient(_app.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        TestFiles.DeleteDataDirectory(_app.DataDirectory);
    }

    private Convene.Grains.Rooms.IRoomGrain Room(long gid) =>
        _app.Services.GetRequiredService<IGrainFactory>().GetGrain<Convene.Grains.Rooms.IRoomGrain>(gid);

    private IGroupGrain Group(long gid) =>
        _app.Services.GetRequiredService<IGrainFactory>().GetGrain<IGroupGrain>(gid);

    [Fact]
    public async Task An_expired_group_refuses_its_users_everything()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "short", ["validity"] = new JsonObject { ["duration"] = 3600 }, ["members"] = new JsonObject { ["m"] = "a" } });
        Assert.True((await Group(gid).GetAccessAsync("a")).Value!.CanPublish, "a member can publish while the group is valid");

        _clock.Advance(TimeSpan.FromHours(2));

        var access = (await Group(gid).GetAccessAsync("a")).Value!;
        Assert.False(access.CanPublish || access.CanSubscribe || access.CanList || access.CanSend || access.CanReceive, $"nothing is allowed after expiry: {access}");
        var sent = await Room(gid).SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "x"));
        Assert.Equal(GroupStatus.Forbidden, sent.Status);
    }

    [Fact]
    public async Task The_backend_can_extend_an_expired_group_and_its_users_get_their_rights_back()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "short", ["validity"] = new JsonObject { ["duration"] = 3600 }, ["members"] = new JsonObject { ["m"] = "a" } });
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.False((await Group(gid).GetAccessAsync("a")).Value!.CanPublish, "expired");

        var (set, body) = await _api.OpAsync(new JsonObject
        {
            ["op"] = "groupset",
            ["group"] = new JsonObject { ["gid"] = gid, ["validity"] = new JsonObject { ["start"] = 0, ["duration"] = 3600, ["expiryext"] = 600 } },
        });
        Assert.True(set == HttpStatusCode.OK, $"groupset on an expired group answered {(int)set}: {body.ToJsonString()}");
        Assert.True((await Group(gid).GetAccessAsync("a")).Value!.CanPublish, "the member can publish again after the extension");
        Assert.Equal(600, (await _api.GroupGetAsync(gid))["validity"]!["expiryext"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_backend_can_delete_an_expired_group()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "short", ["validity"] = new JsonObject { ["duration"] = 3600 }, ["members"] = new JsonObject { ["m"] = "a" } });
        _clock.Advance(TimeSpan.FromHours(2));

        var (deleted, body) = await _api.RestAsync(HttpMethod.Delete, $"/v1/groups/{gid}");
        Assert.True(deleted == HttpStatusCode.OK, $"DELETE of an expired group answered {(int)deleted}: {body.ToJsonString()}");
        var (get, after) = await _api.OpAsync(new JsonObject { ["op"] = "groupget", ["group"] = new JsonObject { ["gid"] = gid } });
        Assert.True(get == HttpStatusCode.NotFound, $"the group is gone: {(int)get} {after.ToJsonString()}");
        Assert.Equal("NOGROUP", after["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_group_that_has_not_started_refuses_users_until_its_start()
    {
        var gid = await _api.GroupAddAsync(new JsonObject { ["name"] = "later", ["validity"] = new JsonObject { ["start"] = 600 }, ["members"] = new JsonObject { ["m"] = "a" } });
        Assert.False((await Group(gid).GetAccessAsync("a")).Value!.CanSubscribe, "not yet valid");

        _clock.Advance(TimeSpan.FromMinutes(11));

        Assert.True((await Group(gid).GetAccessAsync("a")).Value!.CanSubscribe, "valid after the start");
    }

    [Fact]
    public async Task Activity_extends_the_expiry_by_expiryext()
    {
        var gid = await _api.GroupAddAsync(new JsonObject
        {
            ["name"] = "extending",
            ["validity"] = new JsonObject { ["duration"] = 3600, ["expiryext"] = 7200 },
            ["members"] = new JsonObject { ["m"] = "a" },
        });
        _clock.Advance(TimeSpan.FromMinutes(50));

        var sentAt = _clock.GetUtcNow();
        Assert.Equal(GroupStatus.Ok, (await Room(gid).SendMessageAsync(Actor.User("a"), new OutgoingMessage(0, "still here"))).Status);
        // The room tells the group one-way; wait for the group's record to show it.
        await Eventually.TrueAsync(
            async () => (await Group(gid).GetAsync(Actor.Backend)).Value!.Settings.ExpiresAt == sentAt.AddHours(2),
            "the group's expiry moved to two hours after the message");
        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.True((await Group(gid).GetAccessAsync("a")).Value!.CanSend, "the message moved the expiry to two hours after it");
    }

    [Fact]
    public async Task An_access_token_with_an_expiry_stops_working_after_it()
    {
        var auth = _app.Services.GetRequiredService<Convene.Gateway.Auth.AccessTokenAuthenticator>();
        var (_, body) = await _api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = "brief", ["token"] = new JsonObject { ["expiry"] = 10 } } });
        var token = body["user"]!["token"]!.GetValue<string>();
        Assert.Equal("brief", await auth.AuthenticateAsync(token));

        _clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Null(await auth.AuthenticateAsync(token));
    }
}
