using Convene.Grains.Calls;
using Convene.Grains.Groups;
using Convene.Grains.Tests.Grains;
using Convene.Grains.Users;

namespace Convene.Grains.Tests.Calls;

/// <summary>The one-to-one call grain's state machine, with users online at test gateways (two silos).</summary>
public sealed class CallGrainTests(CallClusterFixture fixture) : IClassFixture<CallClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>New users (unique names), members of one common group, each online at its own gateway.</summary>
    private async Task<(string Address, TestGateway Gateway)[]> OnlineUsersAsync(params string[] names)
    {
        var gid = Random.Shared.NextInt64(1_000_000, long.MaxValue);
        var users = new List<(string, TestGateway)>();
        foreach (var name in names)
        {
            var address = $"{name}-{Guid.NewGuid():N}"[..20];
            var user = _grains.GetGrain<IUserGrain>(address);
            await user.AddAsync(new UserProfile(name.ToUpperInvariant(), null));
            await user.AddMembershipAsync(gid, 0);
            var gateway = new TestGateway(fixture.Client, "gw-" + address);
            await user.ConnectAsync(gateway.Id, gateway.UserObserver);
            users.Add((address, gateway));
        }
        return [.. users];
    }

    private static Task<CallEvent> NextCallEventAsync(TestGateway gateway, CallEventKind kind, string id, TimeSpan? timeout = null) =>
        gateway.Events.NextAsync<CallEvent>($"a {kind} call event for call {id}", e => e.Kind == kind && e.Call.Id == id, timeout);

    [Fact]
    public async Task A_call_rings_is_answered_and_hung_up_with_times_and_who_ended_it()
    {
        var ((alice, aliceGw), (bob, bobGw)) = await PairAsync();
        var id = NewId();
        var call = _grains.GetGrain<ICallGrain>(id);

        var started = await call.StartAsync(new CallRequest(alice, bob, true, 0, "alice-key"));

        Assert.Equal(GroupStatus.Ok, started.Status);
        Assert.Equal(CallState.Ringing, started.Call!.State);
        Assert.Equal("ALICE", started.Call.CallerName);
        var incoming = await NextCallEventAsync(bobGw, CallEventKind.Incoming, id);
        Assert.Equal("alice-key", incoming.PublicKey);
        Assert.Equal(bob, incoming.Recipient);
        Assert.Equal(id, await _grains.GetGrain<IUserGrain>(alice).GetActiveCallAsync());
        Assert.Equal(id, await _grains.GetGrain<IUserGrain>(bob).GetActiveCallAsync());

        var answered = await call.AnswerAsync(bob, "bob-key");
        Assert.Equal(CallState.Answered, answered.Call!.State);
        Assert.NotNull(answered.Call.AnsweredAt);
        var status = await NextCallEventAsync(aliceGw, CallEventKind.Status, id);
        Assert.Equal("bob-key", status.PublicKey);

        var ended = await call.HangupAsync(alice, "hangup");
        Assert.Equal(CallState.Hangup, ended.Call!.State);
        Assert.Equal(alice, ended.Call.EndedBy);
        Assert.True(ended.Call.EndedAt >= ended.Call.AnsweredAt);
        Assert.Equal("hangup", (await NextCallEventAsync(bobGw, CallEventKind.Hangup, id)).Call.Reason);
        Assert.Null(await _grains.GetGrain<IUserGrain>(alice).GetActiveCallAsync());
        Assert.Null(await _grains.GetGrain<IUserGrain>(bob).GetActiveCallAsync());
        Assert.Equal(CallState.Hangup, (await call.GetAsync())!.State); // the record stays readable
    }

    [Fact]
    public async Task A_second_call_to_a_user_in_a_call_is_busy_and_the_user_is_not_offered_it()
    {
        var users = await OnlineUsersAsync("alice", "bob", "carol");
        var (alice, bob, carol) = (users[0].Address, users[1].Address, users[2].Address);
        var first = NewId();
        await _grains.GetGrain<ICallGrain>(first).StartAsync(new CallRequest(alice, bob, false, 0, null));

        var second = NewId();
        var result = await _grains.GetGrain<ICallGrain>(second).StartAsync(new CallRequest(carol, bob, false, 0, null));

        Assert.Equal(CallState.Busy, result.Call!.State);
        Assert.Equal("busy", result.Call.Reason);
        Assert.Null(await _grains.GetGrain<IUserGrain>(carol).GetActiveCallAsync());
        await NextCallEventAsync(users[1].Gateway, CallEventKind.Incoming, first);
        Assert.DoesNotContain(users[1].Gateway.Events.Pending(), e => e is CallEvent c && c.Call.Id == second);
    }

    [Fact]
    public async Task An_unanswered_call_ends_as_noanswer_on_the_timer_and_the_callee_missed_it()
    {
        var ((alice, aliceGw), (bob, bobGw)) = await PairAsync();
        var id = NewId();

        await _grains.GetGrain<ICallGrain>(id).StartAsync(new CallRequest(alice, bob, true, 0, null));

        var status = await NextCallEventAsync(aliceGw, CallEventKind.Status, id, TimeSpan.FromSeconds(15));
        Assert.Equal(CallState.NoAnswer, status.Call.State);
        Assert.True(status.Call.EndedAt - status.Call.StartedAt >= CallClusterFixture.RingTimeout - TimeSpan.FromMilliseconds(50));
        await NextCallEventAsync(bobGw, CallEventKind.Missed, id);
        Assert.Equal(GroupStatus.Conflict, (await _grains.GetGrain<ICallGrain>(id).AnswerAsync(bob, null)).Status);
    }

    [Fact]
    public async Task The_callee_declining_ends_the_call_as_declined_for_the_caller()
    {
        var ((alice, aliceGw), (bob, _)) = await PairAsync();
        var id = NewId();
        var call = _grains.GetGrain<ICallGrain>(id);
        await call.StartAsync(new CallRequest(alice, bob, true, 0, null));

        var declined = await call.HangupAsync(bob, "hangup");

        Assert.Equal(CallState.Declined, declined.Call!.State);
        Assert.Equal(bob, declined.Call.EndedBy);
        Assert.Equal(CallState.Declined, (await NextCallEventAsync(aliceGw, CallEventKind.Status, id)).Call.State);
        await NextCallEventAsync(aliceGw, CallEventKind.Hangup, id);
    }

    [Fact]
    public async Task A_callee_without_a_connection_is_unreachable()
    {
        var ((alice, _), (bob, bobGw)) = await PairAsync();
        await _grains.GetGrain<IUserGrain>(bob).DisconnectAsync(bobGw.Id);

        var result = await _grains.GetGrain<ICallGrain>(NewId()).StartAsync(new CallRequest(alice, bob, true, 0, null));

        Assert.Equal(CallState.Unreachable, result.Call!.State);
        Assert.Null(await _grains.GetGrain<IUserGrain>(alice).GetActiveCallAsync());
    }

    [Fact]
    public async Task A_callee_whose_last_connection_goes_while_it_rings_ends_the_call_as_unreachable_at_once()
    {
        var ((alice, aliceGw), (bob, bobGw)) = await PairAsync();
        var id = NewId();
        var call = _grains.GetGrain<ICallGrain>(id);
        await call.StartAsync(new CallRequest(alice, bob, true, 0, null));
        await NextCallEventAsync(bobGw, CallEventKind.Incoming, id);

        await _grains.GetGrain<IUserGrain>(bob).DisconnectAsync(bobGw.Id);

        // Well before the ring timeout (which would end it as noanswer).
        var hangup = await NextCallEventAsync(aliceGw, CallEventKind.Hangup, id, TimeSpan.FromSeconds(10));
        Assert.Equal(CallState.Unreachable, hangup.Call.State);
        Assert.Equal("unreachable", hangup.Call.Reason);
        Assert.Equal(bob, hangup.Call.EndedBy);
        Assert.Null(await _grains.GetGrain<IUserGrain>(alice).GetActiveCallAsync());
        Assert.Null(await _grains.GetGrain<IUserGrain>(bob).GetActiveCallAsync());
    }

    [Fact]
    public async Task A_ringing_callee_still_online_at_another_gateway_keeps_the_call_and_can_answer_it()
    {
        var ((alice, _), (bob, bobGw)) = await PairAsync();
        var secondGw = new TestGateway(fixture.Client, "gw2-" + bob);
        await _grains.GetGrain<IUserGrain>(bob).ConnectAsync(secondGw.Id, secondGw.UserObserver);
        var id = NewId();
        var call = _grains.GetGrain<ICallGrain>(id);
        await call.StartAsync(new CallRequest(alice, bob, true, 0, null));

        await _grains.GetGrain<IUserGrain>(bob).DisconnectAsync(bobGw.Id); // still online at the second gateway

        Assert.Equal(CallState.Ringing, (await call.GetAsync())!.State);
        Assert.Equal(CallState.Answered, (await call.AnswerAsync(bob, null)).Call!.State);
    }

    [Fact]
    public async Task Users_without_a_common_group_may_not_call_each_other_and_strangers_may_not_touch_a_call()
    {
        var ((alice, _), (bob, _)) = await PairAsync();
        var eve = (await OnlineUsersAsync("eve"))[0].Address; // in a group of her own

        var refused = await _grains.GetGrain<ICallGrain>(NewId()).StartAsync(new CallRequest(eve, alice, true, 0, null));
        Assert.Equal(GroupStatus.Forbidden, refused.Status);

        var call = _grains.GetGrain<ICallGrain>(NewId());
        await call.StartAsync(new CallRequest(alice, bob, true, 0, null));
        Assert.Equal(GroupStatus.Forbidden, (await call.AnswerAsync(eve, null)).Status);
        Assert.Equal(GroupStatus.Forbidden, (await call.HangupAsync(eve, "hangup")).Status);
        Assert.Equal(GroupStatus.Forbidden, (await call.AnswerAsync(alice, null)).Status);
        Assert.Equal(GroupStatus.Invalid, (await _grains.GetGrain<ICallGrain>(NewId()).StartAsync(new CallRequest(alice, alice, true, 0, null))).Status);
        Assert.Equal(GroupStatus.NotFound, (await _grains.GetGrain<ICallGrain>(NewId()).StartAsync(new CallRequest(alice, "nobody-" + NewId()[..8], true, 0, null))).Status);
        await call.HangupAsync(alice, "hangup");
    }

    [Fact]
    public async Task Publishing_without_a_relay_is_refused_with_a_clear_error()
    {
        var ((alice, _), (bob, _)) = await PairAsync();
        var call = _grains.GetGrain<ICallGrain>(NewId());
        await call.StartAsync(new CallRequest(alice, bob, true, 0, null));

        var published = await call.PublishAsync(alice, "v=0");

        Assert.Equal(GroupStatus.Invalid, published.Status);
        Assert.Contains("no media relay", published.Error);
        await call.HangupAsync(alice, "hangup");
    }

    [Theory]
    [InlineData(CallPolicy.AnyUser, new long[0], new long[0], true)]
    [InlineData(CallPolicy.SharedGroup, new long[] { 1, 2 }, new long[] { 2, 3 }, true)]
    [InlineData(CallPolicy.SharedGroup, new long[] { 1 }, new long[] { 2 }, false)]
    [InlineData(CallPolicy.SharedGroup, new long[0], new long[0], false)]
    [InlineData(CallPolicy.Nobody, new long[] { 1 }, new long[] { 1 }, false)]
    public void The_call_policy_allows_exactly_what_it_says(CallPolicy policy, long[] caller, long[] callee, bool allowed) =>
        Assert.Equal(allowed, CallAccess.Check(policy, caller, callee) is null);

    private async Task<((string, TestGateway), (string, TestGateway))> PairAsync()
    {
        var users = await OnlineUsersAsync("alice", "bob");
        return (users[0], users[1]);
    }
}
