using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Convene.Client.Tests;

/// <summary>
/// The real silo (<c>src/Silo/Convene.Silo</c>, built with the tests) as its own process on a free loopback port,
/// with SQLite storage in a temporary data directory (so a restart keeps users, tokens and groups) and a known app
/// token. The tests reach it only through HTTP and SignalR, as an app would.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string AppToken = "client-tests-app-token-0123456789";

    private readonly StringBuilder _output = new();
    private Process? _process;

    private readonly IReadOnlyDictionary<string, string> _environment;

    private SiloProcess(int port, string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        Port = port;
        DataDirectory = dataDirectory;
        _environment = environment;
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts a silo; <paramref name="environment"/> adds or overrides settings (e.g. a cluster's).</summary>
    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var silo = new SiloProcess(FreePort(), Path.Combine(Path.GetTempPath(), $"convene-client-test-{Guid.NewGuid():N}"), environment ?? new Dictionary<string, string>());
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

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(90);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the silo exited with {process.ExitCode} before it was healthy:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "/health"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (clock.Elapsed > limit) throw new TimeoutException($"expected the silo healthy within {limit}; its output:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>The silo's <c>/health</c> answer, or null when it does not answer.</summary>
    public async Task<System.Text.Json.Nodes.JsonObject?> HealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri(BaseUrl, "/health"))) as System.Text.Json.Nodes.JsonObject;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>A free loopback TCP port (for a cluster's silo and gateway ports).</summary>
    public static int FreeTcpPort() => FreePort();

    /// <summary>Kills the process at once (like a crashed machine) and waits for it.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temporary directory
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>A free loopback port below the kernel's ephemeral range (where outgoing connections could take it meanwhile).</summary>
    private static int FreePort()
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

    private static string SiloDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orleans.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Orleans.sln not found above the test's directory");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(dir.FullName, "src/Silo/Convene.Silo/bin", configuration, "net10.0/Convene.Silo.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is not built (the test project builds it)");
    }
}
