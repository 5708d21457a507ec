using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Convene.Media.Relay;
using Convene.Media.Tests.Interop;
using Convene.Media.Tests.Network;

namespace Convene.Bench.Media;

/// <summary>
/// <c>loss</c>: loss recovery with real Chromium peers (see LOSS.md). Per loss rate, two runs side by side in one
/// fresh headless Chromium: the relay as configured (RTX + NACKs upstream) and a same-run baseline relay with
/// <see cref="MediaRelayOptions.LossRecovery"/> off (NACKs answered from the cache on the media SSRC, as before).
/// Random loss is applied by <see cref="ImpairmentProxy"/> to the subscriber's downlink (or, with
/// <c>--direction up</c>, the publisher's uplink); with <c>--simulcast</c> the publisher sends 1280×720 as three
/// simulcast layers (100/250/600 kbit/s), whose RTX the relay learns from repaired-rtp-stream-id; prints one Markdown
/// row per run from Chromium's stats (and the layer RTX the relay unwrapped).
/// </summary>
internal static class LossCommand
{
    public static int Run(string[] args)
    {
        double[] rates = [.. Option(args, "--rates", "2,5,10,20").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture))];
        var seconds = double.Parse(Option(args, "--seconds", "60"), CultureInfo.InvariantCulture);
        string direction = Option(args, "--direction", "down");
        int? seed = args.Contains("--seed") ? int.Parse(Option(args, "--seed", "0"), CultureInfo.InvariantCulture) : null;
        bool simulcast = args.Contains("--simulcast");
        Console.WriteLine($"loss: random loss on the {(direction == "up" ? "publisher's uplink" : "subscriber's downlink")}, rates {string.Join(", ", rates)} %, {seconds} s per run, {(simulcast ? "1280x720 fake camera as 3 simulcast layers" : "640x360 fake camera")} (VP8)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores (shared), {RuntimeInformation.OSDescription}, load average at start {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| loss | run | window | freezes | frozen | framesDropped | fps | subscriber NACKs | RTX received | publisher NACKs | retransmitted sent | PLIs | jitter buffer | load |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (double rate in rates)
        {
            var results = MeasureAsync(rate, direction, TimeSpan.FromSeconds(seconds), seed, simulcast).GetAwaiter().GetResult();
            foreach (var result in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {rate} % {result.Row()} {LoadAverage()} |"));
                Console.Error.WriteLine($"layer RTX unwrapped by the relay: {result.LayerRtxUnwrapped}\n{result.Proxies}");
            }
        }

        return 0;
    }

    private static async Task<LossRunResult[]> MeasureAsync(double rate, string direction, TimeSpan window, int? seed, bool simulcast)
    {
        var step = TimeSpan.FromSeconds(60);
        await using var browser = await ChromiumRoomProcess.StartAsync(RepoRoot.Find(), step);
        await using var recovering = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback });
        await using var baseline = new MediaRelay(new MediaRelayOptions { BindAddress = IPAddress.Loopback, LossRecovery = false });
        var loss = new ImpairmentOptions { LossPercent = rate, RtpOnly = true };
        LossRun Run(MediaRelay relay, string name) => new(browser, relay, name, step)
        {
            PublisherUplink = direction == "up" ? loss : ImpairmentOptions.None,
            SubscriberDownlink = direction == "up" ? ImpairmentOptions.None : loss,
            Seed = seed,
            Width = simulcast ? 1280 : 640,
            Height = simulcast ? 720 : 360,
            SimulcastKbps = simulcast ? [100, 250, 600] : null,
            Progress = line => Console.Error.WriteLine($"  {rate} %: {line}"),
        };

        return await Task.WhenAll(Run(recovering, "RTX + NACK upstream").RunAsync(window), Run(baseline, "before: NACK from cache").RunAsync(window));
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string Option(string[] args, string name, string fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
