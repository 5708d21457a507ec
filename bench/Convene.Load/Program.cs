using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Convene.Client.Server;
using Convene.Load;

// bench/load's .NET mode: see bench/load/README.md. Exit codes as load.mjs: 0 ok, 1 errors or missing deliveries,
// 2 setup error, 3 the hard cap (--max-seconds) stopped the run, 130 a signal stopped it.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"load: {e.Message}\n{LoadOptions.Usage}");
    return 2;
}
if (options.Help)
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

void Log(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
SiloHost? silo = null;
using var hardCap = new Timer(_ =>
{
    Console.Error.WriteLine($"load: stopped by --max-seconds {options.MaxSeconds}");
    silo?.Kill();
    Environment.Exit(3);
}, null, TimeSpan.FromSeconds(options.MaxSeconds), Timeout.InfiniteTimeSpan);
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    Console.Error.WriteLine($"load: stopped by {context.Signal}");
    silo?.Kill();
    Environment.Exit(130);
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

var startedAt = DateTimeOffset.UtcNow;
int n = options.Participants, m = options.Rooms;
LoadRun run;
List<LoadParticipant> participants = [];
TimeSpan setup;
try
{
    silo = await SiloHost.StartAsync(options.SiloEnv);
    Log($"silo pid {silo.Pid} at {silo.BaseUrl}; setting up {n} users in {m} rooms");
    var setupClock = Stopwatch.StartNew();
    using var server = new ConveneServerClient(silo.BaseUrl, silo.AppToken);
    var runId = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next())).ToLowerInvariant();
    var addresses = Enumerable.Range(0, n).Select(i => $"load-{runId}-{i}").ToArray();
    var roomOf = Enumerable.Range(0, n).Select(i => (int)((long)i * m / n)).ToArray();
    var tokens = new string[n];
    await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (i, _) => tokens[i] = (await server.AddUserAsync(addresses[i])).Token);
    var gids = new long[m];
    await Parallel.ForAsync(0, m, new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (r, _) =>
        gids[r] = await server.CreateGroupAsync(new GroupSettings
        {
            Name = $"load room {r}",
            Flags = 0,
            Members = new MemberChange { Addresses = [.. Enumerable.Range(0, n).Where(i => roomOf[i] == r).Select(i => addresses[i])] },
        }));
    participants = [.. Enumerable.Range(0, n).Select(i => new LoadParticipant(i, addresses[i], roomOf[i], gids[roomOf[i]], tokens[i]))];
    setup = setupClock.Elapsed;
    run = new LoadRun(options, silo.BaseUrl, participants);
}
catch (Exception e)
{
    Console.Error.WriteLine($"load: setup failed: {e}");
    if (silo is not null) await silo.DisposeAsync();
    return 2;
}

var healthBefore = await silo.HealthAsync();
var rssBefore = silo.RssBytes();
Log($"phase 1: connecting {n} (concurrency {options.Concurrency})");
var (connect, connectCost) = await PhaseMetrics.MeasureAsync(silo, run.ConnectAsync);
var rssConnected = silo.RssBytes();
Log("phase 2: joining");
var (join, joinCost) = await PhaseMetrics.MeasureAsync(silo, run.JoinAsync);
var rssJoined = silo.RssBytes();
var healthJoined = await silo.HealthAsync();
Log($"phase 3: publishing ({options.Publishers} per room)");
var (publish, publishCost) = await PhaseMetrics.MeasureAsync(silo, run.PublishAsync);
Log($"phase 4: chat ({options.Messages} per room, one every {options.IntervalMs} ms per room)");
var (chat, chatCost) = await PhaseMetrics.MeasureAsync(silo, run.ChatAsync);
var rssEnd = silo.RssBytes();
hardCap.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan); // the results are in: stopping is not part of the run
await run.StopAsync();

var result = Report.Build(new ReportInput(
    options, startedAt, setup, run, participants,
    new Dictionary<string, (PhaseResult Result, PhaseMetrics Cost)> { ["connect"] = (connect, connectCost), ["join"] = (join, joinCost), ["publish"] = (publish, publishCost), ["chat"] = (chat, chatCost) },
    [rssBefore, rssConnected, rssJoined, rssEnd], healthBefore, healthJoined));
Console.WriteLine(options.Json ? result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) : Report.Text(result));
var ok = result["ok"]!.GetValue<bool>();
if (!ok) Console.Error.WriteLine($"silo output, last lines:\n{string.Join('\n', silo.Output.Split('\n').TakeLast(30))}");
await silo.DisposeAsync();
return ok ? 0 : 1;
