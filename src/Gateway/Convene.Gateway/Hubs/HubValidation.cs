using System.Text;
using Convene.Grains;
using Convene.Grains.Groups;
using Convene.Grains.Streams;

namespace Convene.Gateway.Hubs;

/// <summary>Argument checks shared by the hub's methods; each failure names the argument.</summary>
internal static class HubValidation
{
    /// <summary>Largest SDP offer accepted.</summary>
    public const int MaxSdpLength = 64 * 1024;

    public static void Gid(long gid)
    {
        if (gid <= 0) throw HubErrors.Invalid("gid", "must be a positive group id");
    }

    public static void StreamId(int streamId)
    {
        if (streamId is < 0 or > StreamKeys.MaxStreamId) throw HubErrors.Invalid("streamId", $"must be 0..{StreamKeys.MaxStreamId}");
    }

    public static void Address(string field, string? address)
    {
        if (Limits.CheckAddress(address) is { } why) throw HubErrors.Invalid(field, why);
    }

    public static string Name(string? name, string fallback)
    {
        if (name is null) return fallback;
        if (name.Length > Limits.MaxNameLength) throw HubErrors.Invalid("name", $"is longer than {Limits.MaxNameLength} characters");
        return name;
    }

    public static StreamSource Source(string? source, int streamId) => source?.ToLowerInvariant() switch
    {
        null or "" => streamId == 0 ? StreamSource.Camera : StreamSource.Screen,
        "camera" => StreamSource.Camera,
        "screen" => StreamSource.Screen,
        _ => throw HubErrors.Invalid("source", "must be 'camera' or 'screen'"),
    };

    public static void Sdp(string? sdp)
    {
        if (sdp is not null && (sdp.Length == 0 || sdp.Length > MaxSdpLength)) throw HubErrors.Invalid("sdp", $"must be 1 to {MaxSdpLength} characters");
    }

    public static void Text(string? text)
    {
        if (string.IsNullOrEmpty(text)) throw HubErrors.Invalid("text", "is empty");
        if (Encoding.UTF8.GetByteCount(text) > Limits.MaxMessageBytes) throw HubErrors.Invalid("text", $"is larger than {Limits.MaxMessageBytes} bytes");
    }

    public static void Count(int count)
    {
        if (count is < 1 or > Limits.MaxPageSize) throw HubErrors.Invalid("count", $"must be 1..{Limits.MaxPageSize}");
    }
}
