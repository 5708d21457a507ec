using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Convene.Grains.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Convene.Grains.Webhooks;

/// <summary>
/// This silo's webhook sender (<see cref="IWebhookPublisher"/>): events are serialized in the caller's turn, put in a
/// bounded in-memory lane per receiver (a room always maps to the same lane, so its events stay in order), and sent
/// by one background sender per lane through the resilient "convene.webhooks" HTTP client (retries with exponential
/// backoff, attempt timeout, signing). At least once while this silo lives: queued events are lost if it dies,
/// and on a graceful stop the lanes drain for <see cref="WebhookOptions.DrainTimeout"/>.
/// </summary>
internal sealed partial class WebhookDispatcher : IWebhookPublisher, IHostedService, IDisposable
{
    /// <summary>The name of the HTTP client the events are sent with.</summary>
    public const string HttpClientName = "convene.webhooks";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly WebhookOptions _options;
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly ConveneMetrics _metrics;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly WebhookReceiver[] _receivers;
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;
    private Task[] _senders = [];

    public WebhookDispatcher(IOptions<WebhookOptions> options, IHttpClientFactory clients, TimeProvider time, ConveneMetrics metrics, ILogger<WebhookDispatcher> logger)
    {
        _options = options.Value;
        _clients = clients;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _receivers = [.. _options.Urls.Select(u => new WebhookReceiver(new Uri(u), _options.Lanes, _options.QueueCapacity))];
    }

    /// <inheritdoc />
    public bool IncludesChat => _options.IncludeChat;

    /// <inheritdoc />
    public bool Publish(string room, string type, JsonObject data)
    {
        if (_receivers.Length == 0)
        {
            return false;
        }
        var now = _time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        var body = System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["room"] = room,
            ["timestamp"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data,
        }.ToJsonString());
        var delivery = new WebhookDelivery(id, type, body);
        var lane = (int)((uint)StringComparer.Ordinal.GetHashCode(room) % (uint)_options.Lanes);
        var queued = false;
        foreach (var receiver in _receivers)
        {
            if (receiver.Lanes[lane].Writer.TryWrite(delivery))
            {
                queued = true;
                _metrics.WebhookQueued();
                continue;
            }
            _metrics.WebhookDropped("queue_full");
            var drops = receiver.OnQueueFull();
            if (drops == 1 || drops % 1000 == 0)
            {
                LogQueueFull(_logger, receiver.Name, type, room, drops);
            }
        }
        return queued;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _senders = [.. _receivers.SelectMany(r => r.Lanes.Select(lane => Task.Run(() => SendAllAsync(r, lane.Reader))))];
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Once: a host may stop its services more than once (a test host disposing after a stop), and the token
        // source may be disposed by then.
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        foreach (var lane in _receivers.SelectMany(r => r.Lanes))
        {
            lane.Writer.TryComplete();
        }
        try
        {
            await Task.WhenAll(_senders).WaitAsync(_options.DrainTimeout, _time, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            var left = _receivers.Sum(r => r.Lanes.Sum(l => l.Reader.Count));
            LogDrainTimedOut(_logger, left);
        }
        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            return; // disposed while draining: the senders are gone with the process
        }

        await Task.WhenAll(_senders).WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var lane in _receivers.SelectMany(r => r.Lanes))
        {
            while (lane.Reader.TryRead(out _))
            {
                _metrics.WebhookDropped("shutdown");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Interlocked.Exchange(ref _stopped, 1);
        _stopping.Dispose();
    }

    private async Task SendAllAsync(WebhookReceiver receiver, System.Threading.Channels.ChannelReader<WebhookDelivery> lane)
    {
        var client = _clients.CreateClient(HttpClientName);
        while (await lane.WaitToReadAsync(CancellationToken.None))
        {
            while (lane.TryRead(out var delivery))
            {
                if (_stopping.IsCancellationRequested)
                {
                    _metrics.WebhookDropped("shutdown");
                    continue;
                }
                await SendAsync(client, receiver, delivery);
            }
        }
    }

    private async Task SendAsync(HttpClient client, WebhookReceiver receiver, WebhookDelivery delivery)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, receiver.Url)
            {
                Content = new ByteArrayContent(delivery.Body) { Headers = { ContentType = Json } },
            };
            request.Headers.Add(WebhookSignature.IdHeader, delivery.Id);
            request.Options.Set(WebhookSigningHandler.Body, delivery.Body);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stopping.Token);
            if (response.IsSuccessStatusCode)
            {
                _metrics.WebhookDelivered();
                return;
            }
            var retriable = (int)response.StatusCode is >= 500 or 408 or 429;
            _metrics.WebhookDropped(retriable ? "failed" : "rejected");
            LogGaveUp(_logger, receiver.Name, delivery.Type, delivery.Id, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            _metrics.WebhookDropped("shutdown");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _metrics.WebhookDropped("failed");
            LogGaveUp(_logger, receiver.Name, delivery.Type, delivery.Id, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Webhook queue for {Receiver} is full: dropped a {Type} event of {Room} ({Drops} dropped so far)")]
    private static partial void LogQueueFull(ILogger logger, string receiver, string type, string room, long drops);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Type} {Id} to {Receiver} was given up after its retries: {Error}")]
    private static partial void LogGaveUp(ILogger logger, string receiver, string type, string id, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {Count} queued webhook events could not be sent in time and are dropped")]
    private static partial void LogDrainTimedOut(ILogger logger, int count);
}
