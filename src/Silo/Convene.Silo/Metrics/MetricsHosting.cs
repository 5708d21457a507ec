using System.Globalization;
using System.Net;
using Convene.Gateway.Auth;
using Convene.Grains.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Convene.Silo.Metrics;

/// <summary>
/// OpenTelemetry metrics of the silo — Convene's meter, Orleans', ASP.NET Core's, Kestrel's, SignalR's, the HTTP
/// client's and the runtime's — exported in Prometheus text format at <c>/metrics</c> (<see cref="MetricsOptions"/>).
/// </summary>
public static class MetricsHosting
{
    /// <summary>The path of the scrape endpoint.</summary>
    public const string Path = "/metrics";

    private static readonly string[] Meters =
    [
        ConveneMetrics.MeterName,
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "System.Net.Http",
        "System.Runtime",
        "Polly",
    ];

    /// <summary>Adds the meters and the Prometheus exporter, and the metrics port to the silo's URLs when configured.</summary>
    public static WebApplicationBuilder AddConveneMetrics(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(MetricsOptions.Section);
        builder.Services.AddOptions<MetricsOptions>().Bind(section)
            .Validate(o => o.Validate() is null, "Convene:Metrics: invalid (see the README's Metrics section)")
            .ValidateOnStart();
        var options = section.Get<MetricsOptions>() ?? new MetricsOptions();
        if (!options.Enabled)
        {
            return builder;
        }
        if (options.Validate() is { } error)
        {
            throw new OptionsValidationException(MetricsOptions.Section, typeof(MetricsOptions), [error]);
        }
        if (options.Port is { } port)
        {
            var urls = builder.Configuration["urls"] is { Length: > 0 } configured ? configured
                : builder.Configuration["ASPNETCORE_URLS"] is { Length: > 0 } environment ? environment
                : Hosting.SiloHostingExtensions.DefaultUrl;
            var address = IPAddress.Parse(options.BindAddress);
            var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            builder.WebHost.UseUrls($"{urls};http://{host}:{port.ToString(CultureInfo.InvariantCulture)}");
        }
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        return builder;
    }

    /// <summary>
    /// Serves <c>/metrics</c>: only to connections on the metrics port when one is configured, and only with the app
    /// token when required (401 otherwise, in the backend API's error shape).
    /// </summary>
    public static WebApplication MapConveneMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: http => http.Request.Path == Path && (options.Port is not { } port || http.Connection.LocalPort == port),
            path: null,
            configureBranchedPipeline: branch =>
            {
                if (options.RequireAppToken)
                {
                    branch.Use(RequireAppTokenAsync);
                }
            },
            optionsName: null);
        return app;
    }

    private static async Task RequireAppTokenAsync(HttpContext http, RequestDelegate next)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (!await http.RequestServices.GetRequiredService<AppTokenVerifier>().VerifyAsync(token, http.RequestAborted))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await http.Response.WriteAsJsonAsync(new { result = false, error = "token: missing or wrong app token (Authorization: Bearer)" }, http.RequestAborted);
            return;
        }
        await next(http);
    }
}
