using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Permissions;
using Convene.Grains.Rooms;

namespace Convene.Grains.Tests.Grains;

/// <summary>Group chat through the room grain and a test observer standing in for a gateway.</summary>
public sealed class GroupChatTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private async Task<(IGroupGrain Group, IRoomGrain Room, TestGateway Gateway)> RoomAsync(GroupFlags flags, string[] members, params string[] online)
    {
        var (gid, group) = await _grains.NewGroupAsync(new GroupChange { Flags = flags, Members = new MemberChange(members) });
        var room = _grains.Room(gid);
        var gateway = new TestGateway(fixture.Client, "gw1");
        foreach (var address in online)
        {
            await gateway.JoinAsync(room, address);
        }
        return (group, room, gateway);
    }

    private static OutgoingMessage Text(string body, int type = 0) => new(type, body);

    [Fact]
    public async Task A_message_reaches_the_other_online_members_but_not_the_sender()
    {
        var (_, room, gateway) = await RoomAsync(GroupFlags.None, ["a", "b", "c"], "a", "b", "c");

        var sent = await room.SendMessageAsync(Actor.User("a"), Text("hello"));

        Assert.Equal(GroupStatus.Ok, sent.Status);
        var e = await gateway.Events.NextAsync<GroupMessageEvent>("the message for b and c", m => m.Message.Body == "hello");
        Assert.Equal(["b", "c"], e.Recipients.Order().ToArray());
        Assert.Equal("a", e.Message.From);
    }

    [Fact]
    public async Task Loop_back_also_delivers_to_the_sender()
    {
        var (_, room, gateway) = await RoomAsync(GroupFlags.LoopBack, ["a", "b"], "a", "b");

        await room.SendMessageAsync(Actor.User("a"), Text("echo"));

        var e = await gateway.Events.NextAsync<GroupMessageEvent>("the message for a and b", m => m.Message.Body == "echo");
        Assert.Equal(["a", "b"], e.Recipients.Order().ToArray());
    }

    [Fact]
    public async Task Send_permission_is_enforced_and_a_refused_message_is_not_stored()
    {
        var (group, room, _) = await RoomAsync(GroupFlags.SelectedCanSend, ["a", "muted"], "a", "muted");
        await group.EditMembersAsync(Actor.Backend, new MemberChange(["muted"], Permissions: new MemberPermissionsChange(Send: false)));

        var muted = await room.SendMessageAsync(Actor.User("muted"), Text("x"));
        var outsider = await room.SendMessageAsync(Actor.User("stranger"), Text("y"));

        Assert.Equal(GroupStatus.Forbidden, muted.Status);
        Assert.Equal(GroupStatus.Forbidden, outsider.Status);
        Assert.Empty((await room.GetHistoryAsync(Actor.Backend, null, 10)).Value!.Messages);
    }

    [Fact]
    public async Task Anyone_can_send_to_a_public_room()
    {
        var (_, room, gateway) = await RoomAsync(GroupFlags.AnyoneCanSend, ["a"], "a");

        var sent = await room.SendMessageAsync(Actor.User("visitor"), Text("hi there"));

        Assert.Equal(GroupStatus.Ok, sent.Status);
        var e = await gateway.Events.NextAsync<GroupMessageEvent>("the visitor's message for a", m => m.Message.Body == "hi there");
        Assert.Equal(["a"], e.Recipients);
    }

    [Fact]
    public async Task Only_selected_members_receive_when_the_group_says_so()
    {
        var (group, room, gateway) = await RoomAsync(GroupFlags.SelectedCanReceive, ["a", "b", "c"], "a", "b", "c");
        await group.EditMembersAsync(Actor.Backend, new MemberChange(["c"], Permissions: new MemberPermissionsChange(Recv: false)));

        await room.SendMessageAsync(Actor.User("a"), Text("for b only"));

        var e = await gateway.Events.NextAsync<GroupMessageEvent>("the message for b", m => m.Message.Body == "for b only");
        Assert.Equal(["b"], e.Recipients);
    }

    [Fact]
    public async Task Round_robin_delivers_each_message_to_exactly_one_online_member_in_turn()
    {
        var (_, room, gateway) = await RoomAsync(GroupFlags.RoundRobinReceive, ["customer", "s1", "s2", "s3", "offline"], "customer", "s1", "s2", "s3");

        var receivers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            await room.SendMessageAsync(Actor.User("customer"), Text($"q{i}"));
            var e = await gateway.Events.NextAsync<GroupMessageEvent>($"question q{i}", m => m.Message.Body == $"q{i}");
            Assert.Single(e.Recipients);
            receivers.Add(e.Recipients[0]);
        }

        Assert.DoesNotContain("customer", receivers);
        Assert.DoesNotContain("offline", receivers);
        Assert.Equal(receivers[..3], receivers[3..]);
        Assert.Equal(["s1", "s2", "s3"], receivers[..3].Order().ToArray());
    }

    [Fact]
    public async Task Do_not_store_delivers_live_but_keeps_no_history()
    {
        var (_, room, gateway) = await RoomAsync(GroupFlags.DoNotStore, ["a", "b", "c"], "a", "b");

        await room.SendMessageAsync(Actor.User("a"), Text("ephemeral"));

        var e = await gateway.Events.NextAsync<GroupMessageEvent>("the ephemeral message for b", m => m.Message.Body == "ephemeral");
        Assert.False(e.Message.Stored);
        Assert.Empty((await room.GetHistoryAsync(Actor.Backend, null, 10)).Value!.Messages);
        Assert.Empty((await gateway.JoinAsync(room, "c")).Missed);
    }

    [Fact]
    public async Task Offline_members_get_the_stored_messages_when_they_next_connect()
    {
        var (_, room, gateway) = await RoomAsync(GroupFlags.None, ["a", "b"], "a");

        await room.SendMessageAsync(Actor.User("a"), Text("one"));
        await room.SendMessageAsync(Actor.User("a"), Text("two"));

        var pending = (await gateway.JoinAsync(room, "b")).Missed;
        var again = (await gateway.JoinAsync(room, "b", "b-second-device")).Missed;

        Assert.Equal(["one", "two"], pending.Select(m => m.Body).ToArray());
        Assert.Empty(again);
    }

    [Fact]
    public async Task History_pages_newest_first_by_id()
    {
        var (_, room, _) = await RoomAsync(GroupFlags.None, ["a"], "a");
        for (var i = 1; i <= 5; i++)
        {
            await room.SendMessageAsync(Actor.User("a"), Text($"m{i}"));
        }

        var first = (await room.GetHistoryAsync(Actor.User("a"), null, 2)).Value!;
        var second = (await room.GetHistoryAsync(Actor.User("a"), first.NextBeforeId, 2)).Value!;
        var last = (await room.GetHistoryAsync(Actor.User("a"), second.NextBeforeId, 2)).Value!;

        Assert.Equal(["m5", "m4"], first.Messages.Select(m => m.Body).ToArray());
        Assert.Equal(["m3", "m2"], second.Messages.Select(m => m.Body).ToArray());
        Assert.Equal(["m1"], last.Messages.Select(m => m.Body).ToArray());
        Assert.Null(last.NextBeforeId);
        Assert.Equal(GroupStatus.Forbidden, (await room.GetHistoryAsync(Actor.User("outsider"), null, 2)).Status);
    }

    [Fact]
    public async Task Messages_over_64_KiB_are_refused()
    {
        var (_, room, _) = await RoomAsync(GroupFlags.None, ["a"], "a");

        var big = await room.SendMessageAsync(Actor.User("a"), Text(new string('x', Limits.MaxMessageBytes + 1)));
        var fits = await room.SendMessageAsync(Actor.User("a"), Text(new string('x', Limits.MaxMessageBytes)));

        Assert.Equal(GroupStatus.Invalid, big.Status);
        Assert.Equal(GroupStatus.Ok, fits.Status);
        Assert.Single((await room.GetHistoryAsync(Actor.Backend, null, 10)).Value!.Messages);
    }

    [Fact]
    public async Task One_to_one_messages_are_delivered_live_or_on_the_next_connect_and_kept_in_history()
    {
        var gateway = new TestGateway(fixture.Client, "gw1");
        var reference = gateway.UserObserver;
        await _grains.GetGrain<Users.IUserGrain>("dm-b").ConnectAsync("gw1", reference);
        var conversation = _grains.GetGrain<IConversationGrain>(ConversationKey.For("dm-a", "dm-b"));

        await conversation.SendAsync("dm-a", Text("live"));
        var live = await gateway.Events.NextAsync<DirectMessageEvent>("the live message for dm-b", e => e.Message.Body == "live");
        await conversation.SendAsync("dm-b", Text("while a is offline"));
        var pending = await _grains.GetGrain<Users.IUserGrain>("dm-a").ConnectAsync("gw1", reference);
        var history = (await conversation.GetHistoryAsync("dm-a", null, 10)).Value!;

        Assert.Equal("dm-b", live.Recipient);
        Assert.Equal(["while a is offline"], pending.Select(m => m.Body).ToArray());
        Assert.Equal(["while a is offline", "live"], history.Messages.Select(m => m.Body).ToArray());
        Assert.Equal(GroupStatus.Forbidden, (await conversation.SendAsync("dm-c", Text("intruder"))).Status);
    }
}
