using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Convene.Gateway.Auth;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Rooms;
using Convene.Grains.Permissions;
using Microsoft.Extensions.DependencyInjection;

namespace Convene.Silo.Tests;

/// <summary>Everything written survives a restart of the silo on the same store (SQLite file, Azure Storage, PostgreSQL).</summary>
public sealed partial class PersistenceTests
{
    private static IReadOnlyDictionary<string, string> StoreSettings(string storage) => storage switch
    {
        "azure" => new Dictionary<string, string>
        {
            ["Convene:AzureStorage:ConnectionString"] = Storage.TestServices.Require(Storage.TestServices.Azure),
            ["Convene:AzureStorage:Container"] = $"persist-{Guid.NewGuid():N}",
        },
        "postgres" => new Dictionary<string, string>
        {
            ["Convene:Postgres:ConnectionString"] = Storage.TestServices.Require(Storage.TestServices.Postgres),
        },
        _ => new Dictionary<string, string>(),
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("azure")]
    [InlineData("postgres")]
    public async Task Users_groups_members_permissions_and_chat_survive_a_restart(string storage)
    {
        var db = ConveneApp.NewDataDirectory();
        var store = StoreSettings(storage);
        try
        {
            long gid, disabled;
            string token;
            await using (var first = new ConveneApp(db, storage: storage, settings: store))
            {
                var api = new ApiClient(first.CreateClient());
                var (_, user) = await api.OpAsync(new JsonObject { ["op"] = "useradd", ["user"] = new JsonObject { ["address"] = "persist-user", ["name"] = "P" } });
                token = user["user"]!["token"]!.GetValue<string>();
                gid = await api.GroupAddAsync(new JsonObject
                {
                    ["name"] = "durable",
                    ["flags"] = 0x100 | 0x10000,
                    ["validity"] = new JsonObject { ["duration"] = 86400 },
                    ["call"] = new JsonObject { ["resolution"] = 3, ["audio"] = false, ["screen"] = false },
                    ["members"] = new JsonObject { ["m"] = "persist-user,other", ["admin"] = new JsonObject { ["modify"] = true } },
                });
                // false settings whose default is true must survive a restart (JSON storage once dropped them)
                disabled = await api.GroupAddAsync(new JsonObject { ["name"] = "disabled", ["active"] = false });
                await api.QueryAsync($"op=groupeditmembers&token={ConveneApp.AppToken}&gid={gid}&m=other&canpub=0&delete=0");
                var room = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(gid);
                var sent = await room.SendMessageAsync(Actor.User("persist-user"), new OutgoingMessage(0, "kept"));
                Assert.Equal(GroupStatus.Ok, sent.Status);
                var direct = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IConversationGrain>(ConversationKey.For("persist-user", "other"));
                Assert.Equal(GroupStatus.Ok, (await direct.SendAsync("persist-user", new OutgoingMessage(0, "just us"))).Status);
            }

            Assert.Equal(storage == "sqlite", File.Exists(Path.Combine(db, "convene.db")));
            await using var second = new ConveneApp(db, storage: storage, settings: store);
            var api2 = new ApiClient(second.CreateClient());
            var auth = second.Services.GetRequiredService<AccessTokenAuthenticator>();
            var room2 = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(gid);

            Assert.Equal("persist-user", await auth.AuthenticateAsync(token));
            var settings = await api2.GroupGetAsync(gid);
            Assert.Equal("durable", settings["name"]!.GetValue<string>());
            Assert.Equal(0x100u | 0x10000, settings["flags"]!.GetValue<uint>());
            Assert.Equal(3, settings["call"]!["resolution"]!.GetValue<int>());
            Assert.True(settings["active"]!.GetValue<bool>());
            Assert.False((await api2.GroupGetAsync(disabled))["active"]!.GetValue<bool>(), "active=false lost in a restart");
            Assert.False(settings["call"]!["audio"]!.GetValue<bool>(), "call.audio=false lost in a restart");
            Assert.False(settings["call"]!["screen"]!.GetValue<bool>(), "call.screen=false lost in a restart");
            Assert.True(settings["call"]!["video"]!.GetValue<bool>());
            var members = await api2.MembersAsync(gid);
            Assert.Equal(["persist-user", "other"], members.Keys.ToArray());
            Assert.False(members["other"]["permissions"]!["pub"]!.GetValue<bool>());
            Assert.True(members["persist-user"]["admin"]!["modify"]!.GetValue<bool>());
            Assert.Equal(["kept"], (await room2.GetHistoryAsync(Actor.Backend, null, 10)).Value!.Messages.Select(m => m.Body).ToArray());
            var direct2 = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IConversationGrain>(ConversationKey.For("persist-user", "other"));
            Assert.Equal(["just us"], (await direct2.GetHistoryAsync("other", null, 10)).Value!.Messages.Select(m => m.Body).ToArray());
            Assert.True(await api2.GroupAddAsync(new JsonObject { ["name"] = "after restart" }) > gid, "gids continue after a restart");
        }
        finally
        {
            TestFiles.DeleteDataDirectory(db);
        }
    }

    [Fact]
    public async Task A_generated_app_token_is_logged_once_at_first_start_and_works_after_a_restart()
    {
        var db = ConveneApp.NewDataDirectory();
        try
        {
            string appToken;
            await using (var first = new ConveneApp(db, configureAppToken: false))
            {
                using var client = first.CreateClient();
                var match = first.Logs.Select(l => TokenInLog().Match(l)).FirstOrDefault(m => m.Success);
                Assert.True(match is not null, $"the first start should log the generated app token; logs: {string.Join(" | ", first.Logs)}");
                appToken = match.Groups[1].Value;
                var (status, _) = await new ApiClient(client, appToken).OpAsync(new JsonObject { ["op"] = "groupadd", ["group"] = new JsonObject { ["name"] = "g" } });
                Assert.Equal(HttpStatusCode.OK, status);
            }

            await using var second = new ConveneApp(db, configureAppToken: false);
            using var client2 = second.CreateClient();
            var (ok, _) = await new ApiClient(client2, appToken).OpAsync(new JsonObject { ["op"] = "groupadd", ["group"] = new JsonObject { ["name"] = "h" } });
            var (wrong, _) = await new ApiClient(client2, "not-it").OpAsync(new JsonObject { ["op"] = "groupadd", ["group"] = new JsonObject { ["name"] = "i" } });

            Assert.Equal(HttpStatusCode.OK, ok);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong);
            Assert.DoesNotContain(second.Logs, l => l.Contains(appToken, StringComparison.Ordinal));
        }
        finally
        {
            TestFiles.DeleteDataDirectory(db);
        }
    }

    [GeneratedRegex(@"app token.*: ([A-Za-z0-9_\-]{43})$")]
    private static partial Regex TokenInLog();
}
