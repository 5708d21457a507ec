using System.Globalization;

namespace Convene.Grains.Streams;

/// <summary>Keys of stream and participant grains.</summary>
public static class StreamKeys
{
    /// <summary>Highest stream id a publisher may use.</summary>
    public const int MaxStreamId = 255;

    /// <summary>The key of a stream grain: "gid/address/streamId".</summary>
    public static string Of(long gid, string address, int streamId) =>
        string.Create(CultureInfo.InvariantCulture, $"{gid}/{address}/{streamId}");

    /// <summary>The key of a stream grain for a stream id as the publisher list holds it.</summary>
    public static string Of(long gid, string address, string streamId) =>
        string.Create(CultureInfo.InvariantCulture, $"{gid}/{address}/{streamId}");

    /// <summary>The key of a participant grain: "gid/address".</summary>
    public static string Participant(long gid, string address) =>
        string.Create(CultureInfo.InvariantCulture, $"{gid}/{address}");
}
