using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Convene.Media.Transport;

/// <summary>
/// Outgoing datagrams gathered and sent together: one packet fanned out to N subscribers is written (protected) straight
/// into N slots of a pinned buffer and leaves in one <c>sendmmsg(2)</c> on Linux, instead of N <c>sendto</c> calls.
/// Elsewhere, when <c>sendmmsg</c> is missing (ENOSYS, EPERM), and for a datagram the kernel refused, it falls back to
/// <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/> per datagram, so one failing address
/// does not stop the others. Datagrams leave in the order they were committed.
/// <para>
/// Not thread-safe: one owner (the relay's loop lock) writes a slot (<see cref="Slot"/>), commits it, and flushes.
/// Allocation-free after construction: the buffers and the kernel's structures are allocated once, on the pinned heap.
/// </para>
/// </summary>
internal sealed unsafe class DatagramBatch
{
    /// <summary>Largest datagram a slot holds.</summary>
    public const int SlotSize = 2048;

    private const int NameSize = 128; // sizeof(struct sockaddr_storage)
    private readonly Socket _socket;
    private readonly Action<int, int, bool> _onResult;
    private readonly byte[] _slots;
    private readonly int[] _lengths;
    private readonly int[] _tags;
    private readonly SocketAddress?[] _targets;
    private readonly byte[] _nameBuffer;
    private readonly LinuxSendMmsg.IoVec[] _iovBuffer;
    private readonly LinuxSendMmsg.MMsgHdr[] _messageBuffer;
    private readonly LinuxSendMmsg.IoVec* _iovs;
    private readonly LinuxSendMmsg.MMsgHdr* _messages;
    private int _count;
    private bool _native;

    /// <summary>Creates a batch of <paramref name="capacity"/> slots sending on <paramref name="socket"/>.</summary>
    /// <param name="socket">A bound UDP socket.</param>
    /// <param name="capacity">Datagrams per system call; a full batch flushes itself.</param>
    /// <param name="onResult">Told, at flush, each datagram's tag, length and whether the socket took it.</param>
    /// <param name="useSendMmsg">False forces the per-datagram fallback (tests; platforms without sendmmsg).</param>
    public DatagramBatch(Socket socket, int capacity, Action<int, int, bool> onResult, bool useSendMmsg = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1024); // UIO_MAXIOV
        _socket = socket;
        _onResult = onResult;
        Capacity = capacity;
        _slots = GC.AllocateUninitializedArray<byte>(capacity * SlotSize, pinned: true);
        _lengths = new int[capacity];
        _tags = new int[capacity];
        _targets = new SocketAddress?[capacity];
        _native = useSendMmsg && LinuxSendMmsg.IsSupported;
        _nameBuffer = GC.AllocateArray<byte>(capacity * NameSize, pinned: true);
        _iovBuffer = GC.AllocateArray<LinuxSendMmsg.IoVec>(capacity, pinned: true);
        _messageBuffer = GC.AllocateArray<LinuxSendMmsg.MMsgHdr>(capacity, pinned: true);
        _iovs = (LinuxSendMmsg.IoVec*)Marshal.UnsafeAddrOfPinnedArrayElement(_iovBuffer, 0);
        _messages = (LinuxSendMmsg.MMsgHdr*)Marshal.UnsafeAddrOfPinnedArrayElement(_messageBuffer, 0);
        byte* slots = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_slots, 0);
        byte* names = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_nameBuffer, 0);
        for (int i = 0; i < capacity; i++)
        {
            _iovs[i].Base = slots + (i * SlotSize);
            _messages[i].Header.Name = names + (i * NameSize);
            _messages[i].Header.Iov = _iovs + i;
            _messages[i].Header.IovLength = 1;
        }
    }

    /// <summary>Datagrams per flush at most.</summary>
    public int Capacity { get; }

    /// <summary>Datagrams committed and not yet flushed.</summary>
    public int Count => _count;

    /// <summary>True while datagrams leave through <c>sendmmsg</c>; false once it fell back to one <c>sendto</c> each.</summary>
    public bool UsesSendMmsg => _native;

    /// <summary>System calls made by <see cref="Flush"/> (sendmmsg and fallback sends), for tests and benchmarks.</summary>
    public long SystemCalls { get; private set; }

    /// <summary>The next free slot (<see cref="SlotSize"/> bytes): write a datagram here, then <see cref="Commit"/> it.</summary>
    public Span<byte> Slot => _slots.AsSpan(_count * SlotSize, SlotSize);

    /// <summary>
    /// Queues the first <paramref name="length"/> bytes of <see cref="Slot"/> for <paramref name="target"/> (which must
    /// not change afterwards; peers' selected addresses are replaced, never modified). A full batch flushes.
    /// </summary>
    /// <param name="length">The datagram's length in the slot.</param>
    /// <param name="target">Where to send it.</param>
    /// <param name="tag">Handed back to the result callback (e.g. RTP or RTCP).</param>
    public void Commit(int length, SocketAddress target, int tag)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, SlotSize);
        int i = _count;
        _lengths[i] = length;
        _tags[i] = tag;
        _targets[i] = target;
        _count = i + 1;
        if (_count == Capacity)
        {
            Flush();
        }
    }

    /// <summary>Sends every committed datagram, in order, and reports each through the result callback.</summary>
    public void Flush()
    {
        int count = _count;
        if (count == 0)
        {
            return;
        }

        int next = 0;
        while (next < count)
        {
            next = _native ? SendNative(next, count) : SendOne(next);
        }

        _count = 0;
        Array.Clear(_targets, 0, count); // do not keep closed peers' addresses alive
    }

    // One sendmmsg from `first`; returns the index of the first datagram not yet handled.
    private int SendNative(int first, int count)
    {
        for (int i = first; i < count; i++)
        {
            SocketAddress target = _targets[i]!;
            int size = Math.Min(target.Size, NameSize);
            target.Buffer.Span[..size].CopyTo(_nameBuffer.AsSpan(i * NameSize, NameSize));
            _messages[i].Header.NameLength = (uint)size;
            _iovs[i].Length = (nuint)_lengths[i];
        }

        int sent;
        int errno = 0;
        bool added = false;
        try
        {
            _socket.SafeHandle.DangerousAddRef(ref added);
            sent = LinuxSendMmsg.Send(_socket.SafeHandle.DangerousGetHandle(), _messages + first, (uint)(count - first), 0);
            if (sent < 0)
            {
                errno = Marshal.GetLastPInvokeError();
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or DllNotFoundException or EntryPointNotFoundException)
        {
            sent = -1; // closed socket: the fallback reports the failure; missing libc export: fall back for good
            errno = ex is ObjectDisposedException ? 0 : LinuxSendMmsg.ENOSYS;
        }
        finally
        {
            if (added)
            {
                _socket.SafeHandle.DangerousRelease();
            }
        }

        SystemCalls++;
        if (sent > 0)
        {
            for (int i = first; i < first + sent; i++)
            {
                _onResult(_tags[i], _lengths[i], true);
            }

            return first + sent;
        }

        if (errno == LinuxSendMmsg.EINTR)
        {
            return first;
        }

        if (errno is LinuxSendMmsg.ENOSYS or LinuxSendMmsg.EPERM)
        {
            _native = false; // this kernel (or its seccomp policy) has no sendmmsg: one sendto per datagram from now on
            return first;
        }

        // The kernel refused the first datagram (e.g. EAGAIN, EINVAL for its address): give it to the managed send,
        // which reports it, and carry on with the rest.
        return SendOne(first);
    }

    private int SendOne(int i)
    {
        bool sent;
        try
        {
            _socket.SendTo(_slots.AsSpan(i * SlotSize, _lengths[i]), SocketFlags.None, _targets[i]!);
            sent = true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            sent = false;
        }

        SystemCalls++;
        _onResult(_tags[i], _lengths[i], sent);
        return i + 1;
    }
}
