using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Convene.Silo.Tests;

/// <summary>The real silo host on a temporary SQLite file, with a known app token unless told otherwise.</summary>
public sealed partial class ConveneApp : WebApplicationFactory<Program>
{
    public const string AppToken = "test-app-token-0123456789";

    private readonly bool _configureAppToken;
    private readonly Action<IServiceCollection>? _configureServices;

    public ConveneApp(string? databasePath = null, bool configureAppToken = true, Action<IServiceCollection>? configureServices = null)
    {
        DatabasePath = databasePath ?? NewDatabasePath();
        _configureAppToken = configureAppToken;
        _configureServices = configureServices;
    }

    /// <summary>The SQLite file the silo stores grain state in.</summary>
    public string DatabasePath { get; }

    /// <summary>Every log message the host wrote.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"convene-test-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Convene:Storage:Sqlite", DatabasePath);
        if (_configureAppToken)
        {
            builder.UseSetting("Convene:AppToken", AppToken);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
        ConfigureDevRuntime(builder);
    }

    partial void ConfigureDevRuntime(IWebHostBuilder builder);
}
