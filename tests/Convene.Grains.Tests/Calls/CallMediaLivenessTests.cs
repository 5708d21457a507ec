using System.Collections.Concurrent;
using Convene.Grains.Calls;
using Convene.Grains.Groups;
using Convene.Grains.Tests.Grains;
using Convene.Grains.Users;

namespace Convene.Grains.Tests.Calls;

/// <summary>
/// An answered call whose party's media went down — its peer stopped its ICE consent checks (RFC 7675), as a vanished
/// browser does — ends as <c>medialost</c> unless the party connects again within the grace period. Real relays, real
/// UDP peers with DTLS.
/// </summary>
public sealed class CallMediaLivenessTests(CallLivenessFixture fixture) : IClassFixture<CallLivenessFixture>
{
    private static readonly TimeSpan Consent = CallLivenessFixture.ConsentTimeout;
    private static readonly TimeSpan Grace = CallLivenessFixture.MediaLossGrace;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Clocks: the relay's monotonic one decides consent, the grain's UTC one stamps the end.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(100);

    private readonly IGrainFactory _grains = fixture.Grains;

    private static string NewId() => Guid.NewGuid().ToString("N");

    private async Task<string> NewUserAsync(string name)
    {
        var address = $"{name}-{Guid.NewGuid():N}"[..20];
        await _grains.GetGrain<IUserGrain>(address).AddAsync(new UserProfile(name, null));
        return address;
    }

    private Task<RefreshingGateway> OnlineAsync(string gateway, params string[] addresses) =>
        RefreshingGateway.StartAsync(fixture.Client, $"{gateway}-{Guid.NewGuid():N}", CallLivenessFixture.RefreshPeriod, addresses);

    private static Task<CallEvent> NextCallEventAsync(TestGateway gateway, CallEventKind kind, string id) =>
        gateway.Events.NextAsync<CallEvent>($"a {kind} call event for call {id}", e => e.Kind == kind && e.Call.Id == id, Timeout);

    /// <summary><paramref name="address"/> publishes its audio in the call through a real peer that completes DTLS with the relay.</summary>
    private static Task<RelayTestPeer> PublishAsync(ICallGrain call, string address) =>
        RelayTestPeer.ConnectAsync(
            async offer =>
            {
                var published = await call.PublishAsync(address, offer);
                Assert.True(published.Status == GroupStatus.Ok, $"{address} could not publish: {published.Status} {published.Error}");
                return published.AnswerSdp!;
            },
            publish: true,
            Timeout);

    private async Task<(string Alice, string Bob, RefreshingGateway AliceGw, RefreshingGateway BobGw, string Id, ICallGrain Call)> AnsweredCallAsync()
    {
        var (alice, bob) = (await NewUserAsync("alice"), await NewUserAsync("bob"));
        var aliceGw = await OnlineAsync("gw-a", alice);
        var bobGw = await OnlineAsync("gw-b", bob);
        var id = NewId();
        var call = _grains.GetGrain<ICallGrain>(id);
        await call.StartAsync(new CallRequest(alice, bob, false, 0, null, aliceGw.Id));
        Assert.Equal(CallState.Answered, (await call.AnswerAsync(bob, null, bobGw.Id)).Call!.State);
        return (alice, bob, aliceGw, bobGw, id, call);
    }

    [Fact]
    public async Task An_answered_call_ends_as_medialost_when_a_partys_peer_stops_its_consent_checks_and_both_can_call_again()
    {
        var (alice, bob, aliceGw, bobGw, id, call) = await AnsweredCallAsync();
        await using var _ = aliceGw;
        await using var __ = bobGw;
        await using var bobMedia = await PublishAsync(call, bob);

        var lastCheck = await bobMedia.StopConsentAsync();

        var hangup = await NextCallEventAsync(aliceGw.Gateway, CallEventKind.Hangup, id);
        Assert.Equal((CallState.Hangup, "medialost", bob), (hangup.Call.State, hangup.Call.Reason, hangup.Call.EndedBy));
        Assert.True(hangup.Call.EndedAt >= lastCheck + Consent + Grace - Tolerance,
            $"the call ended at {hangup.Call.EndedAt:o}: before consent ({Consent}) and grace ({Grace}) ran out after the last check at {lastCheck:o}");
        await NextCallEventAsync(bobGw.Gateway, CallEventKind.Hangup, id);
        Assert.Null(await _grains.GetGrain<IUserGrain>(alice).GetActiveCallAsync());
        Assert.Null(await _grains.GetGrain<IUserGrain>(bob).GetActiveCallAsync());

        // Both are free: bob calls alice, she answers; alice calls bob after that one ends.
        var again = _grains.GetGrain<ICallGrain>(NewId());
        Assert.Equal(CallState.Ringing, (await again.StartAsync(new CallRequest(bob, alice, false, 0, null, bobGw.Id))).Call!.State);
        Assert.Equal(CallState.Answered, (await again.AnswerAsync(alice, null, aliceGw.Id)).Call!.State);
        await again.HangupAsync(alice, "hangup");
        var third = _grains.GetGrain<ICallGrain>(NewId());
        Assert.Equal(CallState.Ringing, (await third.StartAsync(new CallRequest(alice, bob, false, 0, null, aliceGw.Id))).Call!.State);
        await third.HangupAsync(alice, "hangup");
    }

    [Fact]
    public async Task A_party_whose_media_connects_again_within_the_grace_period_keeps_the_call()
    {
        var (_, bob, aliceGw, bobGw, id, call) = await AnsweredCallAsync();
        await using var _ = aliceGw;
        await using var __ = bobGw;
        await using var first = await PublishAsync(call, bob);
        // Watch the relay's reports of the call's room (the room the call opened, on the call's silo).
        var reports = new ConcurrentQueue<(string Participant, string StreamKey, bool Connected)>();
        var room = await fixture.CallRoomAsync(call, id);
        room.PeerStateChanged += (p, s, c) => reports.Enqueue((p, s, c));

        await first.StopConsentAsync();
        await WaitUntilAsync(() => reports.Contains((bob, bob, false)), () => $"the relay to report bob's first peer disconnected; reports: [{string.Join(", ", reports)}]");
        // Within the grace period, bob publishes again (a browser restoring its media) and the new peer connects.
        await using var second = await PublishAsync(call, bob);
        await WaitUntilAsync(() => reports.Contains((bob, bob, true)), () => $"the relay to report bob's second peer connected; reports: [{string.Join(", ", reports)}]");
        var reconnected = DateTimeOffset.UtcNow;
        Assert.Equal(CallState.Answered, (await call.GetAsync())!.State);

        // The first loss was forgiven: the call ends only when the second peer's consent runs out too, and a grace later.
        var lastCheck = await second.StopConsentAsync();
        var hangup = await NextCallEventAsync(aliceGw.Gateway, CallEventKind.Hangup, id);
        Assert.Equal("medialost", hangup.Call.Reason);
        Assert.True(hangup.Call.EndedAt >= lastCheck + Consent + Grace - Tolerance,
            $"the call ended at {hangup.Call.EndedAt:o}, the second peer connected at {reconnected:o} and was checked last at {lastCheck:o}: "
            + "the first peer's loss was not forgiven");
    }

    [Fact]
    public async Task A_party_whose_renewed_peers_never_connect_ends_as_medialost_a_grace_after_the_first_new_offer()
    {
        var (_, bob, aliceGw, bobGw, id, call) = await AnsweredCallAsync();
        await using var _ = aliceGw;
        await using var __ = bobGw;
        // Bob's first peer is connected and keeps its consent checks going. Then bob renews it (an SDK whose network is
        // cut renews its connection every few seconds): each new offer replaces the previous peer — the relay closes it
        // without a report — and none connects. Each is replaced before its consent could expire, so no failure is ever
        // reported: only the new offers tell the call that bob's media is down.
        var reports = new ConcurrentQueue<(string Participant, string StreamKey, bool Connected)>();
        var room = await fixture.CallRoomAsync(call, id);
        room.PeerStateChanged += (p, s, c) => reports.Enqueue((p, s, c));
        await using var first = await PublishAsync(call, bob);
        // The relay's "connected" for the first peer reaches the call after the handshake: renew only once it did, or a
        // late report of the replaced peer would count as the renewed stream connecting (noted: such a stale report is
        // not told apart from the current peer's).
        await WaitUntilAsync(() => reports.Contains((bob, bob, true)), () => $"the relay to report bob's first peer connected; reports: [{string.Join(", ", reports)}]");
        await call.GetAsync(); // a round trip to the call grain after the report, which it gets as a one-way call
        var hangupSeen = NextCallEventAsync(aliceGw.Gateway, CallEventKind.Hangup, id);
        var offered = DateTimeOffset.UtcNow;
        var renewals = 0;
        while (!hangupSeen.IsCompleted && DateTimeOffset.UtcNow < offered + Timeout)
        {
            var renewed = await call.PublishAsync(bob, WitnessOffer("sendonly"));
            if (renewed.Status != GroupStatus.Ok) break; // the call ended meanwhile
            renewals++;
            await Task.WhenAny(hangupSeen, Task.Delay(Consent / 3)); // the renewal pace, shorter than consent
        }

        var hangup = await hangupSeen;
        Assert.Equal((CallState.Hangup, "medialost", bob), (hangup.Call.State, hangup.Call.Reason, hangup.Call.EndedBy));
        Assert.True(hangup.Call.EndedAt >= offered + Grace - Tolerance,
            $"the call ended at {hangup.Call.EndedAt:o}, before the grace ({Grace}) after the first new offer at {offered:o}");
        Assert.True(renewals >= 2, $"bob renewed his peer {renewals} time(s): the test did not replace peers before their consent ran out");
    }

    [Fact]
    public async Task A_party_that_never_published_is_not_judged_by_its_media()
    {
        var (alice, bob, aliceGw, bobGw, id, call) = await AnsweredCallAsync();
        await using var _ = aliceGw;
        await using var __ = bobGw;
        // Bob's media is live and checked; alice never published (a voice call whose caller is still setting up).
        await using var bobMedia = await PublishAsync(call, bob);
        var reports = new ConcurrentQueue<(string Participant, string StreamKey, bool Connected)>();
        var room = await fixture.CallRoomAsync(call, id);
        room.PeerStateChanged += (p, s, c) => reports.Enqueue((p, s, c));

        // A witness peer of alice's that never completes DTLS: the relay reports it failed once its consent runs out.
        var offer = await call.SubscribeAsync(alice, true, false, WitnessOffer());
        Assert.Equal(GroupStatus.Ok, offer.Status);
        await WaitUntilAsync(() => reports.Contains((alice, bob, false)), () => $"the relay to report alice's unconnected peer failed; reports: [{string.Join(", ", reports)}]");
        // Had that failure counted as alice's media going down, the call would end a grace period later.
        var failed = DateTimeOffset.UtcNow;
        await WaitUntilAsync(() => DateTimeOffset.UtcNow > failed + Grace + TimeSpan.FromSeconds(1), () => "the grace period and a margin to pass");

        Assert.Equal(CallState.Answered, (await call.GetAsync())!.State);
        await call.HangupAsync(alice, "hangup");
    }

    /// <summary>An Opus offer (recvonly unless said otherwise) whose peer never sends a packet.</summary>
    private static string WitnessOffer(string direction = "recvonly") => string.Join("\r\n",
        "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0",
        "a=ice-ufrag:witn", "a=ice-pwd:witnesspasswordwitnesspw",
        "a=fingerprint:sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)), "a=setup:actpass",
        "a=mid:0", $"a={direction}", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=ssrc:4242 cname:witness", "");

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> expected)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {expected()} within {Timeout}; it did not happen");
            await Task.Delay(20);
        }
    }
}
