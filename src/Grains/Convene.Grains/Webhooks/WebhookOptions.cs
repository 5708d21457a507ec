namespace Convene.Grains.Webhooks;

/// <summary>
/// Webhooks to the app's server (configuration section <c>Convene:Webhooks</c>). Without <see cref="Urls"/>, no
/// events are queued. Validated at start (<see cref="Validate"/>).
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Convene:Webhooks";

    /// <summary>The receivers: absolute http(s) URLs; every event goes to each of them.</summary>
    public string[] Urls { get; set; } = [];

    /// <summary>The shared secret of the HMAC-SHA256 signature (at least 16 characters); required with <see cref="Urls"/>.</summary>
    public string? Secret { get; set; }

    /// <summary>Whether group chat messages are sent as <c>chat.message</c> events (off by default: bodies leave the server).</summary>
    public bool IncludeChat { get; set; }

    /// <summary>Retries after a failed attempt (5xx, 408, 429, network error, attempt timeout) before the event is dropped.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The first retry's delay; later ones double (exponential backoff with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events waiting per receiver and lane in this silo; past it, new events are dropped (counted and logged).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// Parallel senders per receiver. A room's events always use the same lane, so they arrive in order; a receiver
    /// slow for one room holds back only the rooms that share its lane.
    /// </summary>
    public int Lanes { get; set; } = 4;

    /// <summary>On a graceful stop, how long queued events may still be sent before the rest are dropped.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Why these options are invalid, or null.</summary>
    public string? Validate()
    {
        foreach (var url in Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return $"{Section}:Urls: '{url}' is not an absolute http or https URL";
            }
        }
        if (Urls.Length > 0 && (Secret is null || Secret.Length < 16))
        {
            return $"{Section}:Secret: a secret of at least 16 characters is required when webhook URLs are configured";
        }
        if (MaxRetries is < 0 or > 100)
        {
            return $"{Section}:MaxRetries must be between 0 and 100";
        }
        if (RetryDelay <= TimeSpan.Zero || AttemptTimeout <= TimeSpan.Zero || DrainTimeout < TimeSpan.Zero)
        {
            return $"{Section}: RetryDelay and AttemptTimeout must be positive, DrainTimeout not negative";
        }
        if (QueueCapacity < 1 || Lanes is < 1 or > 64)
        {
            return $"{Section}: QueueCapacity must be at least 1 and Lanes between 1 and 64";
        }
        return null;
    }
}
