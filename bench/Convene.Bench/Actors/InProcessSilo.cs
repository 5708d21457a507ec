using System.Net;
using System.Net.Sockets;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Convene.Bench.Actors;

/// <summary>
/// One Orleans silo in this process (localhost clustering, in-memory everything), called through the host's
/// <see cref="IGrainFactory"/>: the hosted client, as the gateway and the grains call each other in Convene.
/// </summary>
/// <remarks>
/// Levers read from the environment (pass them with BenchmarkDotNet's <c>--envVars KEY:VALUE</c>):
/// <c>CONVENE_BENCH_DROP_EXPIRED=0</c> sets <see cref="MessagingOptions.DropExpiredMessages"/> to false (no
/// time-to-live stamped on and checked for each request). <c>CONVENE_BENCH_GRAIN_DIRECTORY=Distributed</c> uses Orleans'
/// distributed grain directory (<c>AddDistributedGrainDirectory</c>, Convene's default in its silo host) instead of the
/// default one. GC levers: see <see cref="GrainCallConfig"/>; the silo
/// prints the GC mode it got.
/// The silo and gateway ports are picked free, so a run does not clash with tests using 11111/30000.
/// </remarks>
internal sealed class InProcessSilo : IDisposable
{
    private readonly IHost _host;

    private InProcessSilo(IHost host)
    {
        _host = host;
        GrainFactory = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory GrainFactory { get; }

    public static InProcessSilo Start()
    {
        var dropExpired = Environment.GetEnvironmentVariable("CONVENE_BENCH_DROP_EXPIRED") != "0";
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var distributedDirectory = string.Equals(Environment.GetEnvironmentVariable("CONVENE_BENCH_GRAIN_DIRECTORY"), "Distributed", StringComparison.OrdinalIgnoreCase);
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo
                    .UseLocalhostClustering(siloPort, gatewayPort)
                    .Configure<SiloMessagingOptions>(options => options.DropExpiredMessages = dropExpired);
                if (distributedDirectory)
                {
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10.4.2
                    silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
                }
            })
            .Build();
        host.StartAsync().GetAwaiter().GetResult();
        Console.WriteLine(
            $"// silo: Orleans {OrleansVersion()}, localhost clustering (silo port {siloPort}, gateway {gatewayPort}), " +
            $"DropExpiredMessages={dropExpired}, grain directory: {(distributedDirectory ? "distributed" : "default")}");
        Console.WriteLine(
            $"// machine: {Environment.MachineName}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; " +
            $"GC: server={GCSettings.IsServerGC}, concurrent={ConcurrentGc()}, latency={GCSettings.LatencyMode}; " +
            $"load average: {LoadAverage()}");
        Console.WriteLine($"// command: {Environment.CommandLine}");
        return new InProcessSilo(host);
    }

    public void Dispose()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }

    private static string OrleansVersion() =>
        typeof(IGrainFactory).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            is [System.Reflection.AssemblyInformationalVersionAttribute attribute, ..]
            ? attribute.InformationalVersion.Split('+', ' ')[0].TrimEnd('.')
            : $"{typeof(IGrainFactory).Assembly.GetName().Version}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // GCSettings has no "concurrent" property; the GC reports its resolved configuration.
    private static string ConcurrentGc() =>
        GC.GetConfigurationVariables().TryGetValue("ConcurrentGC", out var value) ? $"{value}" : "?";

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
