using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Convene.Load;

/// <summary>The silo under load: <c>src/Silo/Convene.Silo</c> (built in Release) as a process on a free loopback port, memory storage.</summary>
internal sealed class SiloHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private SiloHost(Process process, Uri baseUrl, string appToken, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        AppToken = appToken;
        DataDirectory = dataDirectory;
    }

    public Uri BaseUrl { get; }
    public string AppToken { get; }
    public string DataDirectory { get; }
    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<SiloHost> StartAsync(IReadOnlyDictionary<string, string> env)
    {
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var appToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var data = Directory.CreateTempSubdirectory("convene-load-").FullName;
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = data, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(SiloDll());
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["Convene__AppToken"] = appToken;
        info.Environment["Convene__DataDirectory"] = data;
        info.Environment["Convene__Storage"] = "memory";
        info.Environment["Convene__Media__Port"] = FreePort().ToString(CultureInfo.InvariantCulture);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in env) info.Environment[k] = v;
        var silo = new SiloHost(new Process { StartInfo = info }, baseUrl, appToken, data);
        silo._process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        silo._process.Start();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (await silo.HealthAsync() is null)
        {
            if (silo._process.HasExited) throw new InvalidOperationException($"the silo exited with {silo._process.ExitCode}:\n{silo.Output}");
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"the silo was not healthy within 60 s:\n{silo.Output}");
            await Task.Delay(100);
        }
        return silo;
    }

    /// <summary>The silo's <c>/health</c> answer, or null while it does not answer.</summary>
    public async Task<JsonObject?> HealthAsync()
    {
        try
        {
            return JsonNode.Parse(await _http.GetStringAsync(new Uri(BaseUrl, "/health"))) as JsonObject;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

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
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM for a graceful stop; SIGKILL after 5 s.
            using (var term = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
        _process.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a temporary directory
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken
            }
        }
        throw new InvalidOperationException("no free port in 20000-32000");
    }

    private static string SiloDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orleans.sln"))) dir = dir.Parent;
        var root = Environment.GetEnvironmentVariable("CONVENE_ROOT") ?? dir?.FullName ?? throw new InvalidOperationException("Orleans.sln not found above the tool; set CONVENE_ROOT");
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var dll = Path.Combine(root, "src/Silo/Convene.Silo/bin", configuration, "net10.0/Convene.Silo.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new InvalidOperationException("Convene.Silo is not built: run `dotnet build src/Silo/Convene.Silo -c Release`");
    }
}
