namespace Convene.Media.Routing;

/// <summary>
/// The down-track's retransmissions waiting to be sent again (<see cref="RouterOptions.RetransmissionCopies"/>):
/// a fixed ring of outgoing sequence numbers, drained when the next media packet is forwarded, so that the copy
/// leaves one packet interval after the first (a loss that hit the first is less likely to hit it too). When full,
/// the newest is dropped. Socket loop only; no allocation.
/// </summary>
internal sealed class RepeatQueue
{
    private readonly ushort[] _seqs = new ushort[64];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Add(ushort seq)
    {
        if (_count < _seqs.Length)
        {
            _seqs[(_head + _count++) % _seqs.Length] = seq;
        }
    }

    public bool TryTake(out ushort seq)
    {
        if (_count == 0)
        {
            seq = 0;
            return false;
        }

        seq = _seqs[_head];
        _head = (_head + 1) % _seqs.Length;
        _count--;
        return true;
    }
}
