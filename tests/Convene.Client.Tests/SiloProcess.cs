using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Convene.Client.Tests;

/// <summary>
/// The real silo (<c>src/Silo/Convene.Silo</c>, built with the tests) as its own process on a free loopback port,
/// with SQLite storage in a temporary data directory (so a restart keeps users, tokens and groups) and a known app
/// token. The tests reach it only through HTTP and SignalR, as an app would. <c>bench/Convene.Load</c> links this
/// file as source (its <c>SiloHost</c> overrides storage, token and media port through the environment).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string AppToken = "client-tests-app-token-0123456789";

    private readonly StringBuilder _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly TimeSpan _healthyWithin;
    private Process? _process;

    private SiloProcess(int port, string dataDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan healthyWithin)
    {
        Port = port;
        DataDirectory = dataDirectory;
        _environment = environment;
        _healthyWithin = healthyWithin;
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>The running process's id.</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("the silo is not started");

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>
    /// Starts a silo; <paramref name="environment"/> adds or overrides settings (e.g. a cluster's); the data directory
    /// is a new temporary one named <paramref name="dataPrefix"/>…; <paramref name="healthyWithin"/> (default 90 s)
    /// bounds the wait for <c>/health</c>.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(
        IReadOnlyDictionary<string, string>? environment = null, string dataPrefix = "convene-client-test-", TimeSpan? healthyWithin = null)
    {
        var silo = new SiloProcess(
            FreeTcpPort(), Path.Combine(Path.GetTempPath(), $"{dataPrefix}{Guid.NewGuid():N}"),
            environment ?? new Dictionary<string, string>(), healthyWithin ?? TimeSpan.FromSeconds(90));
        Directory.CreateDirectory(silo.DataDirectory);
        await silo.RestartAsync();
        return silo;
    }

    /// <summary>Starts the process (again, on the same port and data) and waits until <c>/health</c> answers.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("the silo is running");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(SiloDll());
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(BaseUrl.ToString().TrimEnd('/'));
        info.Environment["Convene__AppToken"] = AppToken;
        info.Environment["Convene__DataDirectory"] = DataDirectory;
        info.Environment["Convene__Storage"] = "sqlite";
        info.Environment["Convene__Media__Port"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in _environment) info.Environment[key] = value;
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var clock = Stopwatch.StartNew();
        while (await HealthAsync() is null)
        {
            if (process.HasExited) throw new InvalidOperationException($"the silo exited with {process.ExitCode} before it was healthy:\n{Output}");
            if (clock.Elapsed > _healthyWithin) throw new TimeoutException($"expected the silo healthy within {_healthyWithin}; its output:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>The silo's <c>/health</c> answer, or null when it does not answer.</summary>
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

    /// <summary>Kills the process at once (like a crashed machine), without waiting.</summary>
    public void Kill()
    {
        try
        {
            if (_process is { HasExited: false } process) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Kills the process at once (like a crashed machine) and waits for it.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Stops the process gracefully (SIGTERM), killing it if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process) return;
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temporary directory
        }
    }

    /// <summary>A free loopback TCP port below the kernel's ephemeral range (where outgoing connections could take it meanwhile).</summary>
    public static int FreeTcpPort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // taken
            }
        }
        throw new InvalidOperationException("no free port found in 20000-32000");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>
    /// The silo's DLL under the repository root (<c>CONVENE_ROOT</c>, or the first ancestor holding Orleans.sln): the
    /// configuration this assembly was built in first, then the other.
    /// </summary>
    private static string SiloDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orleans.sln"))) dir = dir.Parent;
        var root = Environment.GetEnvironmentVariable("CONVENE_ROOT") ?? dir?.FullName
            ?? throw new InvalidOperationException($"Orleans.sln not found above {AppContext.BaseDirectory}; set CONVENE_ROOT");
        var debug = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        string[] configurations = debug ? ["Debug", "Release"] : ["Release", "Debug"];
        foreach (var configuration in configurations)
        {
            var dll = Path.Combine(root, "src/Silo/Convene.Silo/bin", configuration, "net10.0/Convene.Silo.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new InvalidOperationException($"Convene.Silo is not built under {root}: run `dotnet build src/Silo/Convene.Silo -c Release`");
    }
}
