using System.Text.Json;
using System.Text.Json.Nodes;

namespace Convene.Client.Server;

/// <summary>Turns a failed backend API answer into a <see cref="ConveneApiException"/>.</summary>
internal static class ApiErrors
{
    /// <summary>Reads <c>code</c> when the server sent one and <c>error</c> (or the raw body) as the message.</summary>
    public static ConveneApiException From(int status, JsonObject? answer, string text, string op)
    {
        var code = StringField(answer, "code");
        var error = StringField(answer, "error")
            ?? (string.IsNullOrWhiteSpace(text) ? $"HTTP {status}" : text.Length > 500 ? text[..500] : text);
        return new ConveneApiException(status, code, error, StringField(answer, "op") ?? op);
    }

    private static string? StringField(JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
