using System.Threading.Channels;

namespace Convene.Grains.Webhooks;

/// <summary>One configured receiver URL and its lanes: bounded queues, each drained in order by one sender.</summary>
internal sealed class WebhookReceiver
{
    public WebhookReceiver(Uri url, int lanes, int capacity)
    {
        Url = url;
        // Logged instead of the URL, which may carry a token in its query.
        Name = url.GetLeftPart(UriPartial.Path);
        Lanes = [.. Enumerable.Range(0, lanes).Select(_ => Channel.CreateBounded<WebhookDelivery>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once; nothing ever waits on it
            SingleReader = true,
        }))];
    }

    public Uri Url { get; }

    public string Name { get; }

    public Channel<WebhookDelivery>[] Lanes { get; }

    private long _queueFullDrops;

    /// <summary>Counts an event dropped because a lane was full; returns the count so far (for rate-limited logging).</summary>
    public long OnQueueFull() => Interlocked.Increment(ref _queueFullDrops);
}
