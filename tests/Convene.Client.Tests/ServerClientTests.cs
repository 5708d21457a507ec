using System.Net;
using System.Text;
using Convene.Client.Server;

namespace Convene.Client.Tests;

/// <summary>The backend API through <see cref="ConveneServerClient"/>: typed requests and results, failures as exceptions.</summary>
public sealed class ServerClientTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private readonly ConveneServerClient _server = fixture.Server;

    private static string NewAddress(string who) => $"{who}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task Users_groups_settings_and_members_round_trip()
    {
        var alice = NewAddress("alice");
        var bob = NewAddress("bob");
        var created = await _server.AddUserAsync(alice, "Alice", tokenExpiryMinutes: 60);
        Assert.True(created.Created);
        Assert.Equal(alice, created.Address);
        Assert.False(string.IsNullOrEmpty(created.Token));
        Assert.NotNull(created.ExpiresAt);
        Assert.InRange(created.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(65));
        var again = await _server.AddUserAsync(alice);
        Assert.False(again.Created);
        Assert.NotEqual(created.Token, again.Token);
        await _server.AddUserAsync(bob);

        var gid = await _server.CreateGroupAsync(new GroupSettings
        {
            Name = "Webinar",
            Flags = 0x100,
            Permissions = new GroupPermissions { Subscribe = Audience.Anyone },
            Call = new CallSettings { Resolution = 1, BitrateKbps = 800 },
            Members = new MemberChange { Addresses = [alice], Admin = new AdminRights { Owner = true } },
        });
        Assert.True(gid > 0);
        await _server.AddMembersAsync(gid, [bob], new MemberPermissions { Publish = false });

        var group = await _server.GetGroupAsync(gid);
        Assert.Equal(gid, group.Gid);
        Assert.Equal("Webinar", group.Name);
        Assert.Equal(Audience.Selected, group.Permissions.Publish);
        Assert.Equal(Audience.Anyone, group.Permissions.Subscribe);
        Assert.Equal(1, group.Call.Resolution);
        Assert.Equal(800, group.Call.BitrateKbps);
        Assert.Equal(2, group.MemberCount);
        Assert.True(group.Validity.Expiry > DateTimeOffset.UtcNow);

        await _server.UpdateGroupAsync(gid, new GroupSettings { Name = "Renamed", Active = false });
        var renamed = await _server.GetGroupAsync(gid);
        Assert.Equal("Renamed", renamed.Name);
        Assert.False(renamed.Active);
        Assert.Equal(Audience.Selected, renamed.Permissions.Publish);

        var page = await _server.GetMembersAsync(gid);
        Assert.Equal(2, page.Total);
        Assert.Equal([alice, bob], page.Members.Select(m => m.Address));
        Assert.True(page.Members[0].Admin.Owner);
        Assert.False(page.Members[1].Permissions.Publish);
        Assert.True(page.Members[1].Permissions.Send);
        var second = await _server.GetMembersAsync(gid, offset: 1, count: 1);
        Assert.Equal(1, second.Offset);
        Assert.Equal(bob, Assert.Single(second.Members).Address);

        await _server.RemoveMembersAsync(gid, [bob]);
        Assert.Equal(1, (await _server.GetMembersAsync(gid)).Total);

        await _server.DeleteGroupAsync(gid);
        var gone = await Assert.ThrowsAsync<ConveneApiException>(() => _server.GetGroupAsync(gid));
        Assert.Equal(404, gone.StatusCode);

        await _server.DeleteUserAsync(bob);
        var noUser = await Assert.ThrowsAsync<ConveneApiException>(() => _server.DeleteUserAsync(bob));
        Assert.Equal(404, noUser.StatusCode);
        Assert.Equal("userdel", noUser.Operation);
        Assert.Contains(bob, noUser.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_requests_are_exceptions_naming_the_status_and_the_field()
    {
        var unknown = await Assert.ThrowsAsync<ConveneApiException>(() => _server.GetGroupAsync(long.MaxValue - 7));
        Assert.Equal(404, unknown.StatusCode);
        Assert.Equal("groupget", unknown.Operation);
        Assert.Contains("no such group", unknown.Error, StringComparison.Ordinal);
        Assert.Equal("NOGROUP", unknown.Code);

        var tooLong = await Assert.ThrowsAsync<ConveneApiException>(() => _server.CreateGroupAsync(new GroupSettings { Name = new string('x', 300) }));
        Assert.Equal(400, tooLong.StatusCode);
        Assert.Contains("group.name", tooLong.Error, StringComparison.Ordinal);
        Assert.Equal("BADFIELD", tooLong.Code);

        var badAddress = await Assert.ThrowsAsync<ConveneApiException>(() => _server.AddUserAsync("has space"));
        Assert.Equal(400, badAddress.StatusCode);
        Assert.Contains("user.address", badAddress.Error, StringComparison.Ordinal);

        using var wrongToken = new ConveneServerClient(fixture.Silo.BaseUrl, "not-the-app-token");
        var refused = await Assert.ThrowsAsync<ConveneApiException>(() => wrongToken.AddUserAsync(NewAddress("eve")));
        Assert.Equal(401, refused.StatusCode);
        Assert.Contains("token", refused.Error, StringComparison.Ordinal);
        Assert.Equal("AUTHFAIL", refused.Code);
    }

    [Fact]
    public async Task The_error_code_is_read_when_the_server_sends_one()
    {
        // A real HTTP receiver answering as a server with error codes does (the silo adds them to /api errors).
        var (listener, prefix) = StartListener();
        using var owned = listener;
        var served = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var request = await reader.ReadToEndAsync();
            var body = Encoding.UTF8.GetBytes("""{"op":"groupget","result":false,"code":"NOGROUP","error":"group.gid: no such group"}""");
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
            return (request, context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"]);
        });
        using var client = new ConveneServerClient(new Uri(prefix), "app-token");

        var e = await Assert.ThrowsAsync<ConveneApiException>(() => client.GetGroupAsync(42));

        Assert.Equal(404, e.StatusCode);
        Assert.Equal("NOGROUP", e.Code);
        Assert.Equal("group.gid: no such group", e.Error);
        Assert.Equal("groupget", e.Operation);
        var (sent, path, authorization) = await served;
        Assert.Equal("/api", path);
        Assert.Equal("Bearer app-token", authorization);
        Assert.Contains("\"op\":\"groupget\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"gid\":42", sent, StringComparison.Ordinal);
    }

    private static (HttpListener Listener, string Prefix) StartListener()
    {
        for (var attempt = 0; ; attempt++)
        {
            var prefix = $"http://127.0.0.1:{Random.Shared.Next(20000, 32000)}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return (listener, prefix);
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close(); // the port is taken: another one
            }
        }
    }
}
