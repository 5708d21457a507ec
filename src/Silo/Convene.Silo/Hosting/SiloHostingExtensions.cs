using Convene.Actors.Hosting;
using System.Net;
using Convene.Media.Relay;
using ActorSilo = Convene.Actors.Runtime.Silo;

namespace Convene.Silo.Hosting;

/// <summary>Composes the silo: actor runtime, grains, storage, gateway.</summary>
public static class SiloHostingExtensions
{
    /// <summary>The address the silo listens on when no URL is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Adds the actor runtime and its storage from configuration.</summary>
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
        var media = builder.Configuration.GetSection("Convene:Media").Get<MediaOptions>() ?? new MediaOptions();
        builder.Services.AddSingleton(media);
        if (media.Enabled)
        {
            builder.Services.AddConveneMedia(o =>
            {
                o.Port = media.Port;
                o.BindAddress = ParseAddress("Convene:Media:BindAddress", media.BindAddress);
                o.AdvertisedAddress = media.AdvertisedAddress is { Length: > 0 } advertised ? ParseAddress("Convene:Media:AdvertisedAddress", advertised) : null;
            });
        }
        builder.UseConveneActors(actors =>
        {
            actors.Configure(o => builder.Configuration.GetSection("Convene:Actors").Bind(o));
            actors.AddGrains(typeof(Convene.Grains.Groups.GroupGrain).Assembly);
            switch (options.Storage.ToLowerInvariant())
            {
                case "memory":
                    actors.UseMemoryStorage();
                    break;
                case "sqlite":
                    actors.UseSqliteStorage(Path.Combine(options.DataDirectory, "convene.db"));
                    break;
                default:
                    throw new InvalidOperationException($"Convene:Storage is '{options.Storage}'; expected 'sqlite' or 'memory'.");
            }
        });
        return builder;
    }

    /// <summary>Maps the silo's own endpoints (health).</summary>
    public static WebApplication MapConveneSilo(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ConveneOptions>();
        var storageDescription = options.Storage.Equals("memory", StringComparison.OrdinalIgnoreCase)
            ? "memory (nothing is kept after exit)"
            : Path.GetFullPath(Path.Combine(options.DataDirectory, "convene.db"));
        app.Logger.LogInformation("Convene stores its data in {Storage}", storageDescription);
        // Bind the media port at start-up, so a port conflict stops the silo at once rather than at the first call.
        var relay = app.Services.GetService<IMediaRelay>() as MediaRelay;
        if (relay is not null) app.Logger.LogInformation("Media relay listening on udp://{Endpoint}", relay.LocalEndPoint);
        app.MapGet("/health", (ActorSilo silo) => Results.Json(new
        {
            status = "ok",
            silo = silo.Address.Name,
            activations = silo.ActivationCount,
            storage = storageDescription,
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
        }));
        return app;
    }

    private static IPAddress ParseAddress(string key, string value) =>
        IPAddress.TryParse(value, out var address) ? address : throw new InvalidOperationException($"{key} is '{value}', which is not an IP address.");
}
