namespace Convene.Media.Routing;

/// <summary>NTP timestamps (RFC 3550 §4): seconds since 1900-01-01 in the upper 32 bits, fraction in the lower.</summary>
internal static class NtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ulong From(DateTimeOffset time)
    {
        long ticks = (time - Epoch).Ticks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        ulong fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits, as carried in LSR (RFC 3550 §6.4.1).</summary>
    public static uint Middle(ulong ntp) => (uint)(ntp >> 16);
}
