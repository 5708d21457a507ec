using System.Text.Json;

namespace Convene.Grains.Tests.Webhooks;

/// <summary>One request the test receiver got, and what it answered.</summary>
public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, byte[] Body, int Attempt)
{
    /// <summary>The status the receiver answered (0 while it has not answered).</summary>
    public int Status { get; set; }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    public string Room => Json.GetProperty("room").GetString()!;

    public string? Address => Json.GetProperty("data").TryGetProperty("address", out var a) ? a.GetString() : null;

    public override string ToString() => $"{Type} {Room} {Address} attempt {Attempt} -> {Status}";
}
