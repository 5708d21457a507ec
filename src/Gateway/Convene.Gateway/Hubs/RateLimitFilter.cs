using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Convene.Gateway.Hubs;

/// <summary>
/// Throttles each connection on its own: a token bucket of <see cref="Burst"/> calls refilled at
/// <see cref="CallsPerSecond"/> per second. A connection over the limit gets "[rate_limited]" errors;
/// other connections are not affected.
/// </summary>
internal sealed class RateLimitFilter(TimeProvider time) : IHubFilter
{
    public const double CallsPerSecond = 100;
    public const double Burst = 200;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var bucket = _buckets.GetOrAdd(context.Context.ConnectionId, _ => new Bucket(Burst, time.GetTimestamp()));
        if (!bucket.TryTake(time))
        {
            throw HubErrors.Error(HubErrors.RateLimited, $"more than {CallsPerSecond:0} calls per second from this connection; slow down");
        }
        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _buckets.TryRemove(context.Context.ConnectionId, out _);
        return next(context, exception);
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        private double _tokens = tokens;
        private long _stamp = stamp;

        public bool TryTake(TimeProvider time)
        {
            lock (this)
            {
                var now = time.GetTimestamp();
                _tokens = Math.Min(Burst, _tokens + time.GetElapsedTime(_stamp, now).TotalSeconds * CallsPerSecond);
                _stamp = now;
                if (_tokens < 1) return false;
                _tokens -= 1;
                return true;
            }
        }
    }
}
