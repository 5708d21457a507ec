namespace Convene.Media.Srtp;

/// <summary>
/// The 64-packet sliding replay window of RFC 3711 §3.3.2: bit i set means index (highest − i) was received.
/// Check before authenticating, <see cref="Accept"/> only after the tag verified.
/// </summary>
internal struct ReplayWindow
{
    private const int Size = 64;
    private bool _initialized;
    private ulong _highest;
    private ulong _bits;

    /// <summary>True if <paramref name="index"/> was already accepted or is older than the window.</summary>
    public readonly bool IsReplay(ulong index)
    {
        if (!_initialized || index > _highest)
        {
            return false;
        }

        ulong delta = _highest - index;
        return delta >= Size || (_bits & (1UL << (int)delta)) != 0;
    }

    /// <summary>Marks <paramref name="index"/> as received, sliding the window forward if it is the newest.</summary>
    public void Accept(ulong index)
    {
        if (!_initialized)
        {
            _initialized = true;
            _highest = index;
            _bits = 1;
            return;
        }

        if (index > _highest)
        {
            ulong shift = index - _highest;
            _bits = shift >= Size ? 1 : (_bits << (int)shift) | 1;
            _highest = index;
        }
        else
        {
            _bits |= 1UL << (int)(_highest - index);
        }
    }
}
