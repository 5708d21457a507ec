using System.Globalization;
using System.Text.Json.Nodes;
using Convene.Client.Tests;

namespace Convene.Load;

/// <summary>
/// The silo under load: <c>src/Silo/Convene.Silo</c> (built in Release) as a process on a free loopback port, memory
/// storage, a random app token. Starting, output capture and <c>/health</c> are the Client tests' <see cref="SiloProcess"/>
/// (linked as source); this adds what the load run measures: the process's RSS and CPU time.
/// </summary>
internal sealed class SiloHost : IAsyncDisposable
{
    private readonly SiloProcess _silo;

    private SiloHost(SiloProcess silo, string appToken)
    {
        _silo = silo;
        AppToken = appToken;
    }

    public Uri BaseUrl => _silo.BaseUrl;
    public string AppToken { get; }
    public string DataDirectory => _silo.DataDirectory;
    public int Pid => _silo.Pid;
    public string Output => _silo.Output;

    public static async Task<SiloHost> StartAsync(IReadOnlyDictionary<string, string> env)
    {
        var appToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var settings = new Dictionary<string, string>
        {
            ["Convene__AppToken"] = appToken,
            ["Convene__Storage"] = "memory",
            ["Convene__Media__Port"] = SiloProcess.FreeTcpPort().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in env) settings[k] = v;
        return new SiloHost(await SiloProcess.StartAsync(settings, "convene-load-", TimeSpan.FromSeconds(60)), appToken);
    }

    /// <summary>The silo's <c>/health</c> answer, or null while it does not answer.</summary>
    public Task<JsonObject?> HealthAsync() => _silo.HealthAsync();

    /// <summary>VmRSS of the silo process, in bytes.</summary>
    public long RssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    /// <summary>CPU seconds (user + system) the silo has used: /proc/&lt;pid&gt;/stat fields 14 and 15 in clock ticks (100 Hz).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Kills the silo at once (the hard cap, a signal).</summary>
    public void Kill() => _silo.Kill();

    public async ValueTask DisposeAsync()
    {
        // SIGTERM for a graceful stop; SIGKILL after 5 s.
        await _silo.StopAsync(TimeSpan.FromSeconds(5));
        await _silo.DisposeAsync();
    }
}
