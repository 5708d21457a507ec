namespace Convene.Media.Tests.Network;

/// <summary>What one direction of an <see cref="ImpairmentProxy"/> did so far (a snapshot).</summary>
/// <param name="Received">Datagrams that arrived at the proxy in this direction.</param>
/// <param name="Forwarded">Datagrams sent on.</param>
/// <param name="ForwardedBytes">Bytes of the datagrams sent on.</param>
/// <param name="DroppedRandom">Dropped by <see cref="ImpairmentOptions.LossPercent"/>.</param>
/// <param name="DroppedBurst">Dropped inside a loss burst.</param>
/// <param name="DroppedQueue">Dropped because the bandwidth cap's queue was full (drop-tail).</param>
/// <param name="Reordered">Held back by <see cref="ImpairmentOptions.ReorderPercent"/>.</param>
/// <param name="Queued">Datagrams in flight inside the proxy (delayed or queued) at the time of the snapshot.</param>
public sealed record ImpairmentCounters(
    long Received, long Forwarded, long ForwardedBytes, long DroppedRandom, long DroppedBurst, long DroppedQueue, long Reordered, int Queued)
{
    /// <summary>All drops, whatever the reason.</summary>
    public long Dropped => DroppedRandom + DroppedBurst + DroppedQueue;

    /// <inheritdoc />
    public override string ToString() =>
        $"received {Received}, forwarded {Forwarded} ({ForwardedBytes} B), dropped random {DroppedRandom} / burst {DroppedBurst} / queue {DroppedQueue}, reordered {Reordered}, in flight {Queued}";
}
