using System.Globalization;

namespace Convene.Grains.Streams;

/// <summary>Keys of published streams (the relay knows streams by these).</summary>
public static class StreamKeys
{
    /// <summary>Highest stream id a publisher may use.</summary>
    public const int MaxStreamId = 255;

    /// <summary>The key of a published stream: "gid/address/streamId".</summary>
    public static string Of(long gid, string address, int streamId) =>
        string.Create(CultureInfo.InvariantCulture, $"{gid}/{address}/{streamId}");

}
