using Convene.Grains.Calls;
using Convene.Grains.Tests.Grains;
using Convene.Grains.Users;

namespace Convene.Grains.Tests.Calls;

/// <summary>
/// A call whose party's gateway died without a disconnect (killed process: SignalR's OnDisconnected never runs) ends
/// once that gateway's registration expires, and frees both users.
/// </summary>
public sealed class CallGatewayLivenessTests(CallLivenessFixture fixture) : IClassFixture<CallLivenessFixture>
{
    private static readonly TimeSpan Period = CallLivenessFixture.RefreshPeriod;
    private static readonly TimeSpan Expiry = CallLivenessFixture.GatewayExpiry;

    // Expiry, one check period (a third of it) and a generous margin for a busy machine.
    private static readonly TimeSpan EndsWithin = TimeSpan.FromSeconds(30);

    private readonly IGrainFactory _grains = fixture.Grains;

    private static string NewId() => Guid.NewGuid().ToString("N");

    private async Task<string> NewUserAsync(string name)
    {
        var address = $"{name}-{Guid.NewGuid():N}"[..20];
        await _grains.GetGrain<IUserGrain>(address).AddAsync(new UserProfile(name, null));
        return address;
    }

    private Task<RefreshingGateway> OnlineAsync(string gateway, params string[] addresses) =>
        RefreshingGateway.StartAsync(fixture.Client, $"{gateway}-{Guid.NewGuid():N}", Period, addresses);

    private static Task<CallEvent> NextCallEventAsync(TestGateway gateway, CallEventKind kind, string id) =>
        gateway.Events.NextAsync<CallEvent>($"a {kind} call event for call {id}", e => e.Kind == kind && e.Call.Id == id, EndsWithin);

    [Fact]
    public async Task An_answered_call_ends_as_disconnected_when_the_gateway_of_a_partys_call_connection_stops_refreshing()
    {
        var (alice, bob) = (await NewUserAsync("alice"), await NewUserAsync("bob"));
        await using var aliceGw = await OnlineAsync("gw-a", alice);
        await using var bobCallGw = await OnlineAsync("gw-b1", bob);
        // Bob is online at a second gateway too, which keeps refreshing: only the gateway of his call connection counts.
        await using var bobOtherGw = await OnlineAsync("gw-b2", bob);
        var id = NewId();
        var call = _grains.GetGrain<ICallGrain>(id);
        Assert.Equal(CallState.Ringing, (await call.StartAsync(new CallRequest(alice, bob, false, 0, null, aliceGw.Id))).Call!.State);
        Assert.Equal(CallState.Answered, (await call.AnswerAsync(bob, null, bobCallGw.Id)).Call!.State);

        var lastRefresh = await bobCallGw.CrashAsync();

        var hangup = await NextCallEventAsync(aliceGw.Gateway, CallEventKind.Hangup, id);
        Assert.Equal((CallState.Hangup, "disconnected", bob), (hangup.Call.State, hangup.Call.Reason, hangup.Call.EndedBy));
        Assert.True(hangup.Call.EndedAt >= lastRefresh + Expiry,
            $"the call ended at {hangup.Call.EndedAt:o}, before the gateway's registration (last refreshed at {lastRefresh:o}) expired");
        await NextCallEventAsync(bobOtherGw.Gateway, CallEventKind.Hangup, id); // bob's live connections are told too
        await AssertBothCanCallAgainAsync(alice, aliceGw, bob, bobOtherGw);
    }

    [Fact]
    public async Task A_ringing_call_ends_when_the_callers_gateway_stops_refreshing_and_the_callee_missed_it()
    {
        var (alice, bob) = (await NewUserAsync("alice"), await NewUserAsync("bob"));
        await using var aliceGw = await OnlineAsync("gw-a", alice);
        await using var bobGw = await OnlineAsync("gw-b", bob);
        var id = NewId();
        await _grains.GetGrain<ICallGrain>(id).StartAsync(new CallRequest(alice, bob, true, 0, null, aliceGw.Id));
        await NextCallEventAsync(bobGw.Gateway, CallEventKind.Incoming, id);

        await aliceGw.CrashAsync();

        var hangup = await NextCallEventAsync(bobGw.Gateway, CallEventKind.Hangup, id);
        Assert.Equal((CallState.Hangup, "disconnected", alice), (hangup.Call.State, hangup.Call.Reason, hangup.Call.EndedBy));
        await NextCallEventAsync(bobGw.Gateway, CallEventKind.Missed, id);
        Assert.Null(await _grains.GetGrain<IUserGrain>(alice).GetActiveCallAsync());
        Assert.Null(await _grains.GetGrain<IUserGrain>(bob).GetActiveCallAsync());
    }

    [Fact]
    public async Task A_call_to_a_user_whose_only_gateway_stopped_refreshing_is_unreachable_not_ringing()
    {
        var (alice, bob) = (await NewUserAsync("alice"), await NewUserAsync("bob"));
        await using var aliceGw = await OnlineAsync("gw-a", alice);
        await using var bobGw = await OnlineAsync("gw-b", bob);
        var user = _grains.GetGrain<IUserGrain>(bob);
        Assert.True(await user.IsOnlineAtAsync(bobGw.Id));

        await bobGw.CrashAsync();
        await WaitUntilAsync(async () => !await user.IsOnlineAtAsync(bobGw.Id), $"bob's gateway {bobGw.Id} to expire after {Expiry}");

        var result = await _grains.GetGrain<ICallGrain>(NewId()).StartAsync(new CallRequest(alice, bob, false, 0, null, aliceGw.Id));
        Assert.Equal((CallState.Unreachable, "unreachable"), (result.Call!.State, result.Call.Reason));
        Assert.Null(await _grains.GetGrain<IUserGrain>(alice).GetActiveCallAsync());
    }

    [Fact]
    public async Task A_call_whose_parties_gateways_keep_refreshing_stays_answered_past_the_expiry()
    {
        var (alice, bob) = (await NewUserAsync("alice"), await NewUserAsync("bob"));
        await using var aliceGw = await OnlineAsync("gw-a", alice);
        await using var bobGw = await OnlineAsync("gw-b", bob);
        var id = NewId();
        var call = _grains.GetGrain<ICallGrain>(id);
        await call.StartAsync(new CallRequest(alice, bob, false, 0, null, aliceGw.Id));
        await call.AnswerAsync(bob, null, bobGw.Id);
        // A witness: a third user's gateway crashes at the same time and its registration expires; by then the call's
        // gateways would have expired too had their refreshes not counted.
        var carol = await NewUserAsync("carol");
        var witness = await OnlineAsync("gw-c", carol);
        await witness.CrashAsync();
        await WaitUntilAsync(async () => !await _grains.GetGrain<IUserGrain>(carol).IsOnlineAtAsync(witness.Id), "the witness gateway to expire");
        await WaitUntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow > witness.LastRefresh + Expiry + Expiry / 3), "one more gateway check of the call");

        Assert.Equal(CallState.Answered, (await call.GetAsync())!.State);
        await call.HangupAsync(alice, "hangup");
    }

    /// <summary>Both users are free: alice calls bob at his live gateway, then cancels; bob calls alice, who answers.</summary>
    private async Task AssertBothCanCallAgainAsync(string alice, RefreshingGateway aliceGw, string bob, RefreshingGateway bobGw)
    {
        Assert.Null(await _grains.GetGrain<IUserGrain>(alice).GetActiveCallAsync());
        Assert.Null(await _grains.GetGrain<IUserGrain>(bob).GetActiveCallAsync());
        var first = _grains.GetGrain<ICallGrain>(NewId());
        Assert.Equal(CallState.Ringing, (await first.StartAsync(new CallRequest(alice, bob, false, 0, null, aliceGw.Id))).Call!.State);
        await first.HangupAsync(alice, "hangup");
        var second = _grains.GetGrain<ICallGrain>(NewId());
        Assert.Equal(CallState.Ringing, (await second.StartAsync(new CallRequest(bob, alice, false, 0, null, bobGw.Id))).Call!.State);
        Assert.Equal(CallState.Answered, (await second.AnswerAsync(alice, null, aliceGw.Id)).Call!.State);
        await second.HangupAsync(bob, "hangup");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string expected)
    {
        var deadline = DateTime.UtcNow + EndsWithin;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {expected} within {EndsWithin}; it did not happen");
            await Task.Delay(50);
        }
    }
}
