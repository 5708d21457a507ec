using Microsoft.AspNetCore.SignalR.Client;

namespace Convene.Client.Conference;

/// <summary>Waits 0, then 0.25 s doubling up to a cap between reconnection attempts; gives up only after the optional timeout.</summary>
internal sealed class ReconnectPolicy(TimeSpan maxDelay, TimeSpan? timeout) : IRetryPolicy
{
    /// <inheritdoc />
    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        Delay(retryContext.PreviousRetryCount, retryContext.ElapsedTime);

    /// <summary>The wait before attempt <paramref name="previousAttempts"/> + 1, or null to give up.</summary>
    public TimeSpan? Delay(long previousAttempts, TimeSpan elapsed)
    {
        if (timeout is { } limit && elapsed >= limit) return null;
        if (previousAttempts == 0) return TimeSpan.Zero;
        var ms = 250.0 * Math.Pow(2, Math.Min(previousAttempts - 1, 16));
        return TimeSpan.FromMilliseconds(Math.Min(ms, maxDelay.TotalMilliseconds));
    }
}
