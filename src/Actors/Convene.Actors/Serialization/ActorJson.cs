using System.Text.Json;

namespace Convene.Actors.Serialization;

/// <summary>The JSON settings used for grain state and for copying call arguments: the runtime's wire format.</summary>
public static class ActorJson
{
    /// <summary>Shared serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        IncludeFields = false,
        WriteIndented = false,
    };
}
