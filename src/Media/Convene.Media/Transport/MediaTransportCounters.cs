namespace Convene.Media.Transport;

/// <summary>Thread-safe counters of the socket loop: everything received, answered, delivered, dropped.</summary>
public sealed class MediaTransportCounters
{
    private readonly long[] _dropped = new long[Enum.GetValues<DropReason>().Length];
    private long _received;
    private long _receiveErrors;
    private long _stunAnswered;
    private long _dtlsDelivered;
    private long _srtpDelivered;
    private long _sendFailures;

    /// <summary>Datagrams received.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Socket receive errors (e.g. ICMP port unreachable surfacing as a reset).</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Binding requests answered (success or 487).</summary>
    public long StunAnswered => Interlocked.Read(ref _stunAnswered);

    /// <summary>DTLS datagrams handed to an association.</summary>
    public long DtlsDelivered => Interlocked.Read(ref _dtlsDelivered);

    /// <summary>SRTP/SRTCP datagrams handed to the <see cref="ISrtpPacketHandler"/>.</summary>
    public long SrtpDelivered => Interlocked.Read(ref _srtpDelivered);

    /// <summary>Sends that failed (no tuple, socket error).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>All dropped datagrams.</summary>
    public long TotalDropped => _dropped.Sum(d => Interlocked.Read(ref d));

    /// <summary>Datagrams dropped for <paramref name="reason"/>.</summary>
    public long Dropped(DropReason reason) => Interlocked.Read(ref _dropped[(int)reason]);

    /// <summary>A readable snapshot, for logs and test failure messages.</summary>
    public override string ToString()
        => $"received={Received} stunAnswered={StunAnswered} dtls={DtlsDelivered} srtp={SrtpDelivered} receiveErrors={ReceiveErrors} sendFailures={SendFailures} dropped={{"
           + string.Join(", ", Enum.GetValues<DropReason>().Where(r => Dropped(r) > 0).Select(r => $"{r}={Dropped(r)}")) + "}";

    internal void OnReceived() => Interlocked.Increment(ref _received);

    internal void OnReceiveError() => Interlocked.Increment(ref _receiveErrors);

    internal void OnStunAnswered() => Interlocked.Increment(ref _stunAnswered);

    internal void OnDtlsDelivered() => Interlocked.Increment(ref _dtlsDelivered);

    internal void OnSrtpDelivered() => Interlocked.Increment(ref _srtpDelivered);

    internal void OnSendFailure() => Interlocked.Increment(ref _sendFailures);

    internal void OnDropped(DropReason reason) => Interlocked.Increment(ref _dropped[(int)reason]);
}
