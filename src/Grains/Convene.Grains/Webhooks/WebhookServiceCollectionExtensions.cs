using Convene.Grains.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Convene.Grains.Webhooks;

/// <summary>Registers the webhook sender of a silo.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IWebhookPublisher"/> (validated <see cref="WebhookOptions"/>, a hosted background sender, and the
    /// "convene.webhooks" HTTP client: signing inside retries with exponential backoff inside nothing else).
    /// </summary>
    public static IServiceCollection AddConveneWebhooks(this IServiceCollection services, Action<WebhookOptions>? configure = null)
    {
        var options = services.AddOptions<WebhookOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton<ConveneMetrics>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.TryAddSingleton<IWebhookPublisher>(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        var client = services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        client.AddResilienceHandler("convene-webhooks", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value;
                if (o.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.MaxRetries,
                        Delay = o.RetryDelay,
                        MaxDelay = TimeSpan.FromMinutes(1),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }
                pipeline.AddTimeout(o.AttemptTimeout);
            });
        // Added after the resilience handler, so inside it: each attempt is stamped and signed anew.
        client.AddHttpMessageHandler(sp => new WebhookSigningHandler(sp.GetRequiredService<IOptions<WebhookOptions>>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
