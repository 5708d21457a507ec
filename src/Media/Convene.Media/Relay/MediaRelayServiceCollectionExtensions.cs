using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Convene.Media.Relay;

/// <summary>Registers the silo's media relay.</summary>
public static class MediaRelayServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <see cref="IMediaRelay"/> singleton (created, and its port bound, when first resolved; disposed with
    /// the container).
    /// </summary>
    public static IServiceCollection AddConveneMedia(this IServiceCollection services, Action<MediaRelayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IMediaRelay>(provider =>
        {
            var options = new MediaRelayOptions();
            configure?.Invoke(options);
            var logger = provider.GetService<ILoggerFactory>()?.CreateLogger("Convene.Media");
            return new MediaRelay(options, logger);
        });
        return services;
    }
}
