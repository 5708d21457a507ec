using System.Globalization;
using Microsoft.Extensions.Options;

namespace Convene.Grains.Webhooks;

/// <summary>
/// Stamps and signs each attempt (it sits inside the retry handler, so a retry carries a fresh timestamp).
/// </summary>
internal sealed class WebhookSigningHandler(IOptions<WebhookOptions> options, TimeProvider time) : DelegatingHandler
{
    /// <summary>The raw body of the request, as signed.</summary>
    public static readonly HttpRequestOptionsKey<byte[]> Body = new("convene.webhook.body");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Body, out var body))
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Remove(WebhookSignature.TimestampHeader);
            request.Headers.Remove(WebhookSignature.SignatureHeader);
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(options.Value.Secret!, timestamp, body));
        }
        return base.SendAsync(request, cancellationToken);
    }
}
