using System.Net;
using Convene.Grains.Calls;
using Convene.Grains.Hosting;
using Convene.Grains.Webhooks;
using Convene.Media.Relay;
using Convene.Silo.Metrics;
using Convene.Silo.Storage;
using Orleans.Configuration;

namespace Convene.Silo.Hosting;

/// <summary>Composes the silo: Orleans, Convene's grains and media relay, storage, and the silo's own endpoints.</summary>
public static class SiloHostingExtensions
{
    /// <summary>The address the silo listens on when no URL is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Adds an Orleans silo with Convene's grains, storage and media relay, from configuration.</summary>
    public static WebApplicationBuilder AddConveneSilo(this WebApplicationBuilder builder)
    {
        // ASP.NET Core logs each request's URL at Information, and URLs carry secrets here: SignalR's
        // ?access_token= and the backend API's query-string ?token=. Whatever the configured levels, those
        // request lines stay off.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Connections", LogLevel.Warning);
        var options = builder.Configuration.GetSection("Convene").Get<ConveneOptions>() ?? new ConveneOptions();
        builder.Services.AddSingleton(options);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        var storage = new StorageSettings
        {
            Provider = options.Storage,
            DataDirectory = options.DataDirectory,
            AzureConnectionString = builder.Configuration["Convene:AzureStorage:ConnectionString"],
            PostgresConnectionString = builder.Configuration["Convene:Postgres:ConnectionString"],
        };
        if (builder.Configuration["Convene:AzureStorage:Container"] is { Length: > 0 } container)
        {
            storage.AzureContainer = container;
        }
        builder.Services.AddSingleton(storage);
        var media = builder.Configuration.GetSection("Convene:Media").Get<MediaOptions>() ?? new MediaOptions();
        builder.Services.AddSingleton(media);
        var orleans = builder.Configuration.GetSection("Convene:Orleans").Get<OrleansSettings>() ?? new OrleansSettings();
        var directory = orleans.ParseGrainDirectory();
        var directoryLease = orleans.ValidDirectoryLeaseDuration();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = orleans.ShutdownTimeout);
        var cluster = builder.Configuration.GetSection("Convene:Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
        builder.Services.AddHostedService<MembershipWatcher>();
        builder.Services.AddOptions<CallOptions>().Bind(builder.Configuration.GetSection("Convene:Calls"));
        builder.AddConveneMetrics();
        builder.UseOrleans(silo =>
        {
            silo.UseConveneClustering(cluster, builder.Configuration);
            silo.UseConveneGrainDirectory(directory);
            silo.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = directoryLease);
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = orleans.ResponseTimeout);
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = orleans.IdleDeactivationAge);
            silo.AddConveneStorage(storage);
            silo.AddConvene(
                media.Enabled ? o => ConfigureMedia(o, media) : null,
                gateways => builder.Configuration.GetSection("Convene:Gateways").Bind(gateways),
                webhooks => builder.Configuration.GetSection(WebhookOptions.Section).Bind(webhooks));
            if (DashboardHosting.Enabled(builder.Configuration))
            {
                DashboardHosting.AddDashboard(silo);
            }
        });
        return builder;
    }

    /// <summary>Maps the silo's own endpoints (health).</summary>
    public static WebApplication MapConveneSilo(this WebApplication app)
    {
        var storageDescription = ConveneStorage.Describe(app.Services.GetRequiredService<StorageSettings>());
        app.Logger.LogInformation("Convene stores its data in {Storage}", storageDescription);
        // Bind the media port at start-up, so a port conflict stops the silo at once rather than at the first call.
        var relay = app.Services.GetService<IMediaRelay>() as MediaRelay;
        if (relay is not null) app.Logger.LogInformation("Media relay listening on udp://{Endpoint}", relay.LocalEndPoint);
        if (DashboardHosting.Enabled(app.Configuration))
        {
            DashboardHosting.MapDashboard(app);
        }
        app.MapConveneMetrics();
        app.MapGet("/health", async (ILocalSiloDetails silo, IGrainFactory grains) =>
        {
            var management = grains.GetGrain<IManagementGrain>(0);
            var hosts = await management.GetHosts(onlyActive: true);
            var stats = await management.GetSimpleGrainStatistics([silo.SiloAddress]);
            return Results.Json(new
            {
                status = "ok",
                silo = silo.SiloAddress.ToString(),
                activations = stats.Sum(s => s.ActivationCount),
                storage = storageDescription,
                cluster = new { silos = hosts.Count, addresses = hosts.Keys.Select(h => h.ToString()).ToArray() },
                // Process memory and GC pauses, for load tests (bench/load) and operators.
                memory = new
                {
                    workingSetBytes = Environment.WorkingSet,
                    gcHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
                    gcCollections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
                    gcPauseMs = Math.Round(GC.GetTotalPauseDuration().TotalMilliseconds, 1),
                },
                media = relay is null ? null : new
                {
                    endpoint = relay.LocalEndPoint.ToString(),
                    rooms = relay.Counters.Rooms,
                    peers = relay.Counters.Peers,
                    rtpIn = relay.Counters.RtpIn,
                    rtpOut = relay.Counters.RtpOut,
                    dropped = relay.Counters.TotalDropped,
                },
            });
        });
        return app;
    }

    private static void ConfigureMedia(MediaRelayOptions o, MediaOptions media)
    {
        o.Port = media.Port;
        o.BindAddress = ParseAddress("Convene:Media:BindAddress", media.BindAddress);
        o.AdvertisedAddress = media.AdvertisedAddress is { Length: > 0 } advertised ? ParseAddress("Convene:Media:AdvertisedAddress", advertised) : null;
        o.LossRecovery = media.LossRecovery;
        o.PlayoutDelayUnderLoss = media.PlayoutDelayUnderLoss >= TimeSpan.Zero && media.PlayoutDelayUnderLoss <= TimeSpan.FromSeconds(10)
            ? media.PlayoutDelayUnderLoss
            : throw new InvalidOperationException($"Convene:Media:PlayoutDelayUnderLoss is {media.PlayoutDelayUnderLoss}; it must be between 0 and 00:00:10.");
        // At least 10 s: browsers send consent checks every 2.5 s (Chromium) to 4–6 s (RFC 7675 §5.1), and consent that
        // expired is final (the peer is not revived), so a shorter timeout would end healthy peers between two checks.
        o.ConsentTimeout = media.ConsentTimeout >= TimeSpan.FromSeconds(10) && media.ConsentTimeout <= TimeSpan.FromMinutes(5)
            ? media.ConsentTimeout
            : throw new InvalidOperationException($"Convene:Media:ConsentTimeout is {media.ConsentTimeout}; it must be between 00:00:10 and 00:05:00 (browsers check consent every 2.5–6 s).");
    }

    private static IPAddress ParseAddress(string key, string value) =>
        IPAddress.TryParse(value, out var address) ? address : throw new InvalidOperationException($"{key} is '{value}', which is not an IP address.");
}
