using System.Runtime.InteropServices;

namespace Convene.Media.Transport;

/// <summary>
/// <c>sendmmsg(2)</c> from glibc/musl: many datagrams, each to its own address, in one system call (Linux ≥ 3.0). The
/// structures are the 64-bit Linux ABI (<c>struct iovec</c>, <c>struct msghdr</c>, <c>struct mmsghdr</c>); callers
/// check <see cref="IsSupported"/> first.
/// </summary>
internal static unsafe partial class LinuxSendMmsg
{
    /// <summary>errno: interrupted by a signal before anything was sent.</summary>
    public const int EINTR = 4;

    /// <summary>errno: the socket would block (a non-blocking descriptor with a full send buffer).</summary>
    public const int EAGAIN = 11;

    /// <summary>errno: not implemented (an old kernel or a seccomp filter).</summary>
    public const int ENOSYS = 38;

    /// <summary>errno: not permitted (a seccomp filter may answer this).</summary>
    public const int EPERM = 1;

    /// <summary>True on 64-bit Linux, where the structures below match the kernel's.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Sends up to <paramref name="count"/> messages; returns how many were sent, or −1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int Send(nint socket, MMsgHdr* messages, uint count, int flags);

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c> (56 bytes: the trailing <c>int</c> is padded to 8).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct mmsghdr</c>: a <c>struct msghdr</c> and the number of bytes the kernel sent (64 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Sent;
    }
}
