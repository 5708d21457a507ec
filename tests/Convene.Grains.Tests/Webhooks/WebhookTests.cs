using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Convene.Grains.Calls;
using Convene.Grains.Chat;
using Convene.Grains.Groups;
using Convene.Grains.Metrics;
using Convene.Grains.Permissions;
using Convene.Grains.Streams;
using Convene.Grains.Tests.Grains;
using Convene.Grains.Users;
using Convene.Grains.Webhooks;

namespace Convene.Grains.Tests.Webhooks;

/// <summary>Webhooks from a real cluster to a real HTTP receiver (Kestrel on loopback).</summary>
public sealed class WebhookTests
{
    private const string Secret = "test-webhook-secret-0123456789";

    [Fact]
    public async Task Events_are_signed_with_the_secret_and_a_wrong_secret_does_not_verify()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync((_, _) => Task.FromResult(200));
        await using var cluster = await StartAsync(receiver, _ => { });
        var (gid, _) = await cluster.Client.NewGroupAsync(new GroupChange { Flags = GroupFlags.SelectedCanPublish, Members = GrainTestData.Add("alice") });
        var room = cluster.Client.Room(gid);
        var gateway = new TestGateway(cluster.Client, "gw");

        await gateway.JoinAsync(room, "alice");
        Assert.Equal(GroupStatus.Ok, (await room.PublishAsync(gateway.Caller("alice"), new StreamInfo(gid, "alice", 0, "cam", StreamSource.Camera, true, true), null)).Status);
        Assert.Equal(GroupStatus.Ok, (await room.SendMessageAsync(Actor.User("alice"), new OutgoingMessage(0, "not for webhooks"))).Status); // chat is opt-in
        await room.LeaveAsync("gw", gateway.ConnectionOf("alice"), "hangup");

        string[] expected = ["room.started", "participant.joined", "stream.published", "stream.unpublished", "participant.left", "room.finished"];
        await receiver.WaitForAsync(string.Join(", ", expected), r => r.Length >= expected.Length);
        var requests = receiver.Requests.ToArray();
        Assert.Equal(expected, requests.Select(r => r.Type));
        foreach (var request in requests)
        {
            Assert.True(VerifyAsReceiver(Secret, request), $"signature of {request} does not verify with the secret");
            Assert.False(VerifyAsReceiver("another-secret-0123456789", request), $"signature of {request} verifies with a wrong secret");
            Assert.True(WebhookSignature.Verify(Secret, request.Timestamp, request.Body, request.Signature, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.False(WebhookSignature.Verify(Secret, request.Timestamp, request.Body, request.Signature, DateTimeOffset.UtcNow.AddMinutes(10), TimeSpan.FromMinutes(5)),
                "a signature ten minutes old must be refused as a replay");
            Assert.Equal(request.Id, request.Json.GetProperty("id").GetString());
            Assert.Equal($"group:{gid}", request.Room);
            Assert.Equal(gid, request.Json.GetProperty("data").GetProperty("gid").GetInt64());
        }
        var tampered = requests[1] with { Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(requests[1].Body).Replace("alice", "mallory", StringComparison.Ordinal)) };
        Assert.False(VerifyAsReceiver(Secret, tampered), "a changed body must not verify");
        Assert.Equal(requests.Length, requests.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_one_to_one_call_is_reported_as_started_and_ended_with_its_outcome()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync((_, _) => Task.FromResult(200));
        await using var cluster = await StartAsync(receiver, _ => { });
        string alice = "wa-" + Guid.NewGuid().ToString("N")[..12], bob = "wb-" + Guid.NewGuid().ToString("N")[..12];
        foreach (var address in new[] { alice, bob })
        {
            var user = cluster.Client.GetGrain<IUserGrain>(address);
            await user.AddAsync(new UserProfile(address, null));
            var gateway = new TestGateway(cluster.Client, "gw-" + address);
            await user.ConnectAsync(gateway.Id, gateway.UserObserver);
        }
        var id = Guid.NewGuid().ToString("N");
        var call = cluster.Client.GetGrain<ICallGrain>(id);

        Assert.Equal(GroupStatus.Ok, (await call.StartAsync(new CallRequest(alice, bob, true, 0, "alice-key"))).Status);
        Assert.Equal(GroupStatus.Ok, (await call.AnswerAsync(bob, "bob-key")).Status);
        Assert.Equal(GroupStatus.Ok, (await call.HangupAsync(alice, "hangup")).Status);

        await receiver.WaitForAsync("call.started and call.ended", r => r.Count(x => x.Type.StartsWith("call.", StringComparison.Ordinal)) >= 2);
        var events = receiver.Requests.Where(r => r.Type.StartsWith("call.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["call.started", "call.ended"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal($"call:{id}", e.Room));
        Assert.All(events, e => Assert.True(VerifyAsReceiver(Secret, e), $"signature of {e} does not verify"));
        var ended = events[1].Json.GetProperty("data");
        Assert.Equal((alice, bob, "hangup", alice, true), (ended.GetProperty("caller").GetString(), ended.GetProperty("callee").GetString(),
            ended.GetProperty("state").GetString(), ended.GetProperty("endedBy").GetString(), ended.GetProperty("answered").GetBoolean()));
    }

    [Fact]
    public async Task Chat_messages_are_sent_when_opted_in()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync((_, _) => Task.FromResult(204));
        await using var cluster = await StartAsync(receiver, o => o.IncludeChat = true);
        var (gid, _) = await cluster.Client.NewGroupAsync(new GroupChange { Members = GrainTestData.Add("alice", "bob") });
        var room = cluster.Client.Room(gid);
        var gateway = new TestGateway(cluster.Client, "gw");
        await gateway.JoinAsync(room, "bob");

        Assert.Equal(GroupStatus.Ok, (await room.SendMessageAsync(Actor.User("alice"), new OutgoingMessage(3, "hello webhooks"))).Status);

        await receiver.WaitForAsync("a chat.message event", r => r.Any(x => x.Type == "chat.message"));
        var data = receiver.Requests.Single(r => r.Type == "chat.message").Json.GetProperty("data");
        Assert.Equal(("alice", "hello webhooks", 3, gid), (data.GetProperty("from").GetString(), data.GetProperty("body").GetString(), data.GetProperty("type").GetInt32(), data.GetProperty("gid").GetInt64()));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_then_succeeds_gets_each_event_id_acknowledged_once()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync((r, _) => Task.FromResult(r.Attempt <= 2 ? 503 : 200));
        await using var cluster = await StartAsync(receiver, _ => { });
        var (gid, _) = await cluster.Client.NewGroupAsync(new GroupChange { Members = GrainTestData.Add("a", "b", "c") });
        var room = cluster.Client.Room(gid);
        var gateway = new TestGateway(cluster.Client, "gw");

        foreach (var user in new[] { "a", "b", "c" })
        {
            await gateway.JoinAsync(room, user);
        }

        await receiver.WaitForAsync("4 events (room.started, 3 joins) each acknowledged", r => r.Count(x => x.Status == 200) >= 4);
        var requests = receiver.Requests.ToArray();
        var byId = requests.GroupBy(r => r.Id).ToDictionary(g => g.Key!, g => g.ToArray());
        Assert.Equal(4, byId.Count);
        foreach (var (id, attempts) in byId)
        {
            Assert.Equal([503, 503, 200], attempts.Select(a => a.Status));
            Assert.Single(attempts, a => a.Status == 200);
            Assert.Single(attempts.Select(a => a.Body).Select(Convert.ToBase64String).Distinct()); // the same event on every attempt
        }
        Assert.Equal(["room.started", "participant.joined", "participant.joined", "participant.joined"], receiver.Acknowledged.Select(r => r.Type));
        Assert.Equal(["a", "b", "c"], receiver.Acknowledged.Skip(1).Select(r => r.Address));
    }

    [Fact]
    public async Task Events_of_each_room_arrive_in_the_order_they_happened_despite_failures_and_slow_answers()
    {
        var random = new Random(7);
        await using var receiver = await WebhookReceiverServer.StartAsync(async (r, ct) =>
        {
            int delay, fail;
            lock (random)
            {
                (delay, fail) = (random.Next(0, 15), random.Next(0, 4));
            }
            await Task.Delay(delay, ct);
            return fail == 0 ? 500 : 200;
        });
        await using var cluster = await StartAsync(receiver, o => o.Lanes = 2);
        var users = Enumerable.Range(0, 8).Select(i => $"u{i}").ToArray();
        var rooms = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            rooms.Add((await cluster.Client.NewGroupAsync(new GroupChange { Members = GrainTestData.Add(users) })).Gid);
        }
        var gateway = new TestGateway(cluster.Client, "gw");

        // Interleaved: every room's joins, then every room's leaves, in parallel across rooms.
        await Task.WhenAll(rooms.Select(async gid =>
        {
            var room = cluster.Client.Room(gid);
            foreach (var user in users)
            {
                await gateway.JoinAsync(room, user, $"{gid}/{user}");
            }
            foreach (var user in users)
            {
                await room.LeaveAsync("gw", $"{gid}/{user}", "hangup");
            }
        }));

        var perRoom = 2 + users.Length * 2;
        await receiver.WaitForAsync($"{perRoom} acknowledged events for each of {rooms.Count} rooms", _ => receiver.Acknowledged.Length >= perRoom * rooms.Count, TimeSpan.FromSeconds(60));
        foreach (var gid in rooms)
        {
            var events = receiver.Acknowledged.Where(r => r.Room == $"group:{gid}").Select(r => $"{r.Type} {r.Address}".Trim()).ToArray();
            string[] expected = ["room.started", .. users.Select(u => $"participant.joined {u}"), .. users.Select(u => $"participant.left {u}"), "room.finished"];
            Assert.Equal(expected, events);
        }
        Assert.Contains(receiver.Requests, r => r.Status == 500); // failures did happen, and were retried in place
    }

    [Fact]
    public async Task A_hanging_receiver_does_not_slow_joins_and_a_full_queue_counts_its_drops()
    {
        var hanging = new TaskCompletionSource();
        await using var receiver = await WebhookReceiverServer.StartAsync(async (_, ct) =>
        {
            hanging.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 200;
        });
        using var drops = new DropCounter();
        await using var cluster = await StartAsync(receiver, o =>
        {
            o.Lanes = 1;
            o.QueueCapacity = 4;
            o.AttemptTimeout = TimeSpan.FromMinutes(5);
            o.DrainTimeout = TimeSpan.FromMilliseconds(100);
        });
        var users = Enumerable.Range(0, 40).Select(i => $"u{i}").ToArray();
        var (gid, _) = await cluster.Client.NewGroupAsync(new GroupChange { Members = GrainTestData.Add(users) });
        var room = cluster.Client.Room(gid);
        var gateway = new TestGateway(cluster.Client, "gw");
        await gateway.JoinAsync(room, users[0]);
        await hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The receiver now holds the first event's request open (for up to 5 minutes); every further join queues events.
        var clock = Stopwatch.StartNew();
        foreach (var user in users.Skip(1))
        {
            await gateway.JoinAsync(room, user);
        }
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"39 joins took {clock.Elapsed} with a hanging receiver");
        Assert.Single(receiver.Requests); // still the one hanging request: nothing else could be sent
        Assert.True(drops.QueueFull >= 39 - 4, $"expected at least 35 queue_full drops (39 events, 4 places), counted {drops.QueueFull}");
        Assert.Equal(users.Length, (await room.GetStatusAsync()).Connections);
    }

    /// <summary>The verification a receiver does, written as the README shows it (not using Convene's code).</summary>
    private static bool VerifyAsReceiver(string secret, ReceivedWebhook request)
    {
        if (request.Signature is not { } header || !header.StartsWith("v1=", StringComparison.Ordinal)
            || !long.TryParse(request.Timestamp, CultureInfo.InvariantCulture, out var timestamp)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) > 300)
        {
            return false;
        }
        var signed = Encoding.UTF8.GetBytes(request.Timestamp + ".").Concat(request.Body).ToArray();
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(header[3..]));
    }

    private static async Task<InProcessTestCluster> StartAsync(WebhookReceiverServer receiver, Action<WebhookOptions> configure)
    {
        var cluster = ConveneTestCluster.Create(silos: 1, webhooks: o =>
        {
            o.Urls = [receiver.Url];
            o.Secret = Secret;
            o.RetryDelay = TimeSpan.FromMilliseconds(20);
            configure(o);
        });
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Listens to <c>convene.webhooks.dropped</c> of every Convene meter in this process.</summary>
    private sealed class DropCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _queueFull;

        public DropCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ConveneMetrics.MeterName && instrument.Name == "convene.webhooks.dropped")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "reason", Value: "queue_full" })
                    {
                        Interlocked.Add(ref _queueFull, value);
                    }
                }
            });
            _listener.Start();
        }

        public long QueueFull => Interlocked.Read(ref _queueFull);

        public void Dispose() => _listener.Dispose();
    }
}
