namespace Convene.Media.Tests.Stun;

/// <summary>The test vectors of RFC 5769 §2.1–2.3, typed from the RFC.</summary>
internal static class Rfc5769Vectors
{
    /// <summary>The short-term password of every vector.</summary>
    public static ReadOnlySpan<byte> Password => "VOkJxbRl1RmTxUk/WvJxBt"u8;

    public static readonly byte[] TransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    /// <summary>§2.1 Sample request: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME "evtj:h6vY", MI, FP.</summary>
    public static readonly byte[] Request = Convert.FromHexString(
        "00010058" + "2112a442" + "b7e7a701bc34d686fa87dfae" +
        "80220010" + "5354554e20746573" + "7420636c69656e74" +
        "00240004" + "6e0001ff" +
        "80290008" + "932ff9b151263b36" +
        "00060009" + "6576746a3a683676" + "59202020" +
        "00080014" + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004" + "e57a3bcf");

    /// <summary>§2.2 Sample IPv4 response: 192.0.2.1:32853.</summary>
    public static readonly byte[] Ipv4Response = Convert.FromHexString(
        "0101003c" + "2112a442" + "b7e7a701bc34d686fa87dfae" +
        "8022000b" + "7465737420766563746f7220" +
        "00200008" + "0001a147e112a643" +
        "00080014" + "2b91f599fd9e90c38c7489f92af9ba53f06be7d7" +
        "80280004" + "c07d4c96");

    /// <summary>§2.3 Sample IPv6 response: [2001:db8:1234:5678:11:2233:4455:6677]:32853.</summary>
    public static readonly byte[] Ipv6Response = Convert.FromHexString(
        "01010048" + "2112a442" + "b7e7a701bc34d686fa87dfae" +
        "8022000b" + "7465737420766563746f7220" +
        "00200014" + "0002a1470113a9faa5d3f179bc25f4b5bed2b9d9" +
        "00080014" + "a382954e4be67bf11784c97c8292c275bfe3ed41" +
        "80280004" + "c8fb0b4c");
}
