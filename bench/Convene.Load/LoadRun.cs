using System.Collections.Concurrent;
using System.Diagnostics;
using Convene.Client.Conference;
using Microsoft.AspNetCore.Http.Connections;

namespace Convene.Load;

/// <summary>The four timed phases of load.mjs (connect, join, publish, chat) with Convene.Client's ConferenceClient.</summary>
internal sealed class LoadRun(LoadOptions options, Uri baseUrl, IReadOnlyList<LoadParticipant> participants)
{
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Deliveries _publishes = new();
    private readonly Deliveries _chat = new();
    private volatile bool _stopping;
    private int _unexpectedCloses;

    public ConcurrentQueue<string> Errors => _errors;
    public Deliveries Publishes => _publishes;
    public Deliveries Chat => _chat;
    public int UnexpectedCloses => _unexpectedCloses;
    public int PublishExpected { get; private set; }
    public int ChatExpected { get; private set; }

    private TimeSpan CallTimeout => TimeSpan.FromMilliseconds(options.CallTimeoutMs);

    public async Task<PhaseResult> ConnectAsync()
    {
        var lat = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await ForEachAsync(participants, async p =>
        {
            var client = new ConferenceClient(new ConferenceClientOptions
            {
                BaseUrl = baseUrl,
                AccessTokenProvider = () => Task.FromResult<string?>(p.Token),
                Reconnect = false, // as load.mjs: a dropped connection is counted, not hidden
                ConfigureHttp = http => http.Transports = HttpTransportType.WebSockets,
            });
            client.PublisherChanged += e =>
            {
                if (e.Joined) _publishes.Received($"{e.Participant.Address}/{e.Participant.StreamId}", p.Address);
            };
            client.MessageReceived += m =>
            {
                if (m.Gid == p.Gid) _chat.Received(m.Text, p.Address);
            };
            client.Closed += e =>
            {
                if (_stopping) return;
                Interlocked.Increment(ref _unexpectedCloses);
                Fail("close", p.Address, e?.Message ?? "closed");
            };
            var t = Stopwatch.GetTimestamp();
            try
            {
                using var timeout = new CancellationTokenSource(CallTimeout);
                await client.StartAsync(timeout.Token);
                lat.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                p.Client = client;
            }
            catch (Exception e)
            {
                Fail("connect", p.Address, e.Message);
                await client.DisposeAsync();
            }
        });
        return new PhaseResult([.. lat], clock.Elapsed);
    }

    public async Task<PhaseResult> JoinAsync()
    {
        var lat = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await ForEachAsync(participants.Where(p => p.Client is not null), async p =>
        {
            var t = Stopwatch.GetTimestamp();
            try
            {
                using var timeout = new CancellationTokenSource(CallTimeout);
                await p.Client!.JoinGroupAsync(p.Gid, timeout.Token);
                lat.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                p.Joined = true;
            }
            catch (Exception e)
            {
                Fail("join", p.Address, e.Message);
            }
        });
        return new PhaseResult([.. lat], clock.Elapsed);
    }

    public async Task<PhaseResult> PublishAsync()
    {
        var lat = new ConcurrentBag<double>();
        var rooms = participants.GroupBy(p => p.Room).ToDictionary(g => g.Key, g => g.Where(p => p.Joined).ToArray());
        var publishers = rooms.Values.SelectMany(members => members.Take(options.Publishers)).ToArray();
        var clock = Stopwatch.StartNew();
        await ForEachAsync(publishers, async p =>
        {
            var key = $"{p.Address}/0";
            var t = Stopwatch.GetTimestamp();
            _publishes.Sent(key, t);
            try
            {
                using var timeout = new CancellationTokenSource(CallTimeout);
                await p.Client!.PublishAsync(p.Gid, new PublishRequest(0, "camera", p.Address, Audio: true, Video: true), timeout.Token);
                lat.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            catch (Exception e)
            {
                _publishes.Forget(key);
                Fail("publish", p.Address, e.Message);
            }
        });
        var byAddress = participants.ToDictionary(p => p.Address);
        PublishExpected = _publishes.Keys.Sum(key => rooms[byAddress[key[..key.LastIndexOf('/')]].Room].Length);
        await _publishes.WaitAsync(PublishExpected, TimeSpan.FromMilliseconds(options.WaitMs));
        return new PhaseResult([.. lat], clock.Elapsed, _publishes.Latencies);
    }

    public async Task<PhaseResult> ChatAsync()
    {
        var lat = new ConcurrentBag<double>();
        var expected = 0;
        var clock = Stopwatch.StartNew();
        var rooms = participants.GroupBy(p => p.Room).Select(g => (Room: g.Key, Members: g.Where(p => p.Joined).ToArray())).ToArray();
        await Task.WhenAll(rooms.Select(async room =>
        {
            if (room.Members.Length == 0) return;
            var offset = (double)room.Room / options.Rooms * options.IntervalMs;
            for (var k = 0; k < options.Messages; k++)
            {
                var wait = TimeSpan.FromMilliseconds(offset + k * options.IntervalMs) - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                var sender = room.Members[k % room.Members.Length];
                var text = $"load r{room.Room} m{k} from {sender.Address}";
                var t = Stopwatch.GetTimestamp();
                _chat.Sent(text, t);
                Interlocked.Add(ref expected, room.Members.Length - 1); // the sender does not get its own message back
                try
                {
                    using var timeout = new CancellationTokenSource(CallTimeout);
                    await sender.Client!.SendGroupMessageAsync(sender.Gid, text, cancellationToken: timeout.Token);
                    lat.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
                catch (Exception e)
                {
                    _chat.Forget(text);
                    Interlocked.Add(ref expected, -(room.Members.Length - 1));
                    Fail("send", sender.Address, e.Message);
                }
            }
        }));
        ChatExpected = expected;
        await _chat.WaitAsync(expected, TimeSpan.FromMilliseconds(options.WaitMs));
        return new PhaseResult([.. lat], clock.Elapsed, _chat.Latencies);
    }

    /// <summary>The first missing deliveries (publisher events, then chat), to tell where they went missing.</summary>
    public IReadOnlyList<string> Missing(int limit = 20)
    {
        var missing = new List<string>();
        var byRoom = participants.Where(p => p.Joined).ToLookup(p => p.Room);
        var byAddress = participants.ToDictionary(p => p.Address);
        foreach (var key in _publishes.Keys)
        {
            var publisher = byAddress[key[..key.LastIndexOf('/')]];
            missing.AddRange(byRoom[publisher.Room].Where(r => !_publishes.Got(key, r.Address)).Select(r => $"OnPublisher {publisher.Address}>{r.Address} (room {publisher.Room})"));
        }
        foreach (var text in _chat.Keys)
        {
            var sender = byAddress[text[(text.LastIndexOf(' ') + 1)..]];
            missing.AddRange(byRoom[sender.Room].Where(r => r != sender && !_chat.Got(text, r.Address)).Select(r => $"OnMessage \"{text}\" > {r.Address}"));
        }
        return [.. missing.Take(limit)];
    }

    public async Task StopAsync()
    {
        _stopping = true;
        await ForEachAsync(participants.Where(p => p.Client is not null), async p => await p.Client!.DisposeAsync());
    }

    private Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (item, _) => await body(item));

    private void Fail(string phase, string who, string message) => _errors.Enqueue($"{phase} {who}: {message}");
}
