using Convene.Grains.Calls;
using Convene.Grains.Metrics;
using Convene.Grains.Rooms;
using Convene.Grains.Webhooks;
using Convene.Media.Relay;
using Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Convene.Grains.Hosting;

/// <summary>Hosts Convene's grains in an Orleans silo — Convene's own, or an application's.</summary>
public static class ConveneSiloBuilderExtensions
{
    /// <summary>
    /// Adds what Convene's grains need in this silo: the clock, the gateway-registration timings
    /// (<c>Convene:Gateways</c>, validated at start) and, when <paramref name="media"/> is given, this silo's media
    /// relay (one UDP port; rooms active here forward their media through it). Grain storage is the host's choice:
    /// register a provider named <see cref="ConveneGrainStorage.Name"/> (e.g. <c>AddMemoryGrainStorage("convene")</c>).
    /// The grain classes themselves are found by Orleans through the assembly reference. Webhooks
    /// (<paramref name="webhooks"/>, <see cref="WebhookOptions"/>) and the metrics of the <see cref="ConveneMetrics.MeterName"/>
    /// meter are added too; without webhook URLs nothing is sent.
    /// </summary>
    public static ISiloBuilder AddConvene(this ISiloBuilder silo, Action<MediaRelayOptions>? media = null, Action<GatewayRegistrationOptions>? gateways = null,
        Action<WebhookOptions>? webhooks = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddConveneGrainServices(gateways);
        if (media is not null)
        {
            silo.Services.AddConveneMedia(media);
        }
        silo.Services.AddMetrics();
        silo.Services.AddConveneWebhooks(webhooks);
        // Orleans' JSON storage serializer leaves out default values (DefaultValueHandling.Ignore), so a false whose
        // property initializer is true (GroupSettings.Active, CallSettings.Audio, …) would read back as true.
        silo.Services.PostConfigure<OrleansJsonSerializerOptions>(o =>
            o.JsonSerializerSettings.DefaultValueHandling = Newtonsoft.Json.DefaultValueHandling.Include);
        return silo;
    }

    /// <summary>
    /// The services both silos and gateways of Convene use (the clock and the gateway-registration timings);
    /// called by <see cref="AddConvene"/>, and by a gateway hosted outside a silo.
    /// </summary>
    public static IServiceCollection AddConveneGrainServices(this IServiceCollection services, Action<GatewayRegistrationOptions>? gateways = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<GatewayRegistrationOptions>();
        if (gateways is not null)
        {
            options.Configure(gateways);
        }
        options.Validate(o => o.Validate() is null, "Convene:Gateways: Expiry must be at least twice RefreshPeriod, RefreshPeriod positive, EventGapTimeout in (0, 1 min]").ValidateOnStart();
        services.AddOptions<CallOptions>()
            .Validate(o => o.Validate() is null, "Convene:Calls: RingTimeout must be in (0, 10 min], DefaultMaxBitrateKbps and RecordRetention not negative, MediaLossGrace in [0, 5 min]")
            .ValidateOnStart();
        return services;
    }
}
