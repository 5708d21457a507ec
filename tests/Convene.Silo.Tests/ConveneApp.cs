using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Convene.Silo.Tests;

/// <summary>The real silo host on a temporary data directory (SQLite), with a known app token unless told otherwise.</summary>
public sealed class ConveneApp : WebApplicationFactory<Program>
{
    public const string AppToken = "test-app-token-0123456789";

    private readonly bool _configureAppToken;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly string _storage;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public ConveneApp(string? dataDirectory = null, bool configureAppToken = true, Action<IServiceCollection>? configureServices = null, string storage = "sqlite", IReadOnlyDictionary<string, string>? settings = null)
    {
        _storage = storage;
        _settings = settings ?? new Dictionary<string, string>();
        DataDirectory = dataDirectory ?? NewDataDirectory();
        _configureAppToken = configureAppToken;
        _configureServices = configureServices;
    }

    /// <summary>The directory of the silo's SQLite database.</summary>
    public string DataDirectory { get; }

    /// <summary>Every log message the host wrote.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), $"convene-test-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Convene:DataDirectory", DataDirectory);
        builder.UseSetting("Convene:Storage", _storage);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Convene:Media:Port", "0"); // tests run side by side: each relay on a free UDP port
        if (_configureAppToken)
        {
            builder.UseSetting("Convene:AppToken", AppToken);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }
}
