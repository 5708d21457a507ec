using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Convene.Grains;

namespace Convene.Gateway.Apis;

/// <summary>
/// Typed, validated access to request fields; every error names the field's path. In lenient mode (the
/// query-string form, where every value is text) numbers and booleans may also be given as strings.
/// </summary>
internal sealed class FieldReader(bool lenient)
{
    /// <summary>A child object, or null if absent.</summary>
    public JsonObject? Object(JsonObject parent, string name, string path)
    {
        var node = parent[name];
        return node switch
        {
            null => null,
            JsonObject o => o,
            _ => throw new ApiInputException($"{path} must be an object"),
        };
    }

    /// <summary>A string, or null if absent.</summary>
    public string? String(JsonObject parent, string name, string path)
    {
        var node = parent[name];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }
        throw new ApiInputException($"{path} must be a string");
    }

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>], or null if absent.</summary>
    public long? Integer(JsonObject parent, string name, string path, long min, long max)
    {
        var node = parent[name];
        if (node is null)
        {
            return null;
        }
        long value;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n))
        {
            value = n;
        }
        else if (node is JsonValue s && s.GetValueKind() == JsonValueKind.Number && s.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            value = (long)d;
        }
        else if (lenient && node is JsonValue t && t.GetValueKind() == JsonValueKind.String && TryParseInteger(t.GetValue<string>(), out var parsed))
        {
            value = parsed;
        }
        else
        {
            throw new ApiInputException($"{path} must be an integer");
        }
        if (value < min || value > max)
        {
            throw new ApiInputException($"{path} must be between {min} and {max}");
        }
        return value;
    }

    /// <summary>A boolean (true/false, or 1/0), or null if absent.</summary>
    public bool? Boolean(JsonObject parent, string name, string path)
    {
        var node = parent[name];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.Number when v.TryGetValue<long>(out var n) && n is 0 or 1:
                    return n == 1;
                case JsonValueKind.String when lenient:
                    switch (v.GetValue<string>().Trim().ToLowerInvariant())
                    {
                        case "1" or "true":
                            return true;
                        case "0" or "false":
                            return false;
                    }
                    break;
            }
        }
        throw new ApiInputException($"{path} must be true or false (or 1 or 0)");
    }

    /// <summary>Addresses as a comma-separated string or an array of strings, each validated; null if absent.</summary>
    public IReadOnlyList<string>? Addresses(JsonObject parent, string name, string path)
    {
        var node = parent[name];
        if (node is null)
        {
            return null;
        }
        List<string> list;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            list = text.Length == 0 ? [] : [.. text.Split(',').Select(a => a.Trim())];
        }
        else if (node is JsonArray array)
        {
            list = [];
            foreach (var item in array)
            {
                if (item is JsonValue iv && iv.GetValueKind() == JsonValueKind.String)
                {
                    list.Add(iv.GetValue<string>());
                }
                else
                {
                    throw new ApiInputException($"{path} must be a comma-separated string or an array of strings");
                }
            }
        }
        else
        {
            throw new ApiInputException($"{path} must be a comma-separated string or an array of strings");
        }
        if (list.Count == 0)
        {
            throw new ApiInputException($"{path} is empty");
        }
        if (list.Count > Limits.MaxMembersPerRequest)
        {
            throw new ApiInputException($"{path} has {list.Count} addresses, more than {Limits.MaxMembersPerRequest}");
        }
        foreach (var address in list)
        {
            if (Limits.CheckAddress(address) is { } why)
            {
                throw new ApiInputException($"{path}: address '{Shorten(address)}' {why}");
            }
        }
        return list;
    }

    /// <summary>A single validated address, required.</summary>
    public string Address(JsonObject parent, string name, string path)
    {
        var address = String(parent, name, path) ?? throw new ApiInputException($"{path} is required");
        if (Limits.CheckAddress(address) is { } why)
        {
            throw new ApiInputException($"{path} {why}");
        }
        return address;
    }

    /// <summary>Shows at most 40 characters of a value in an error message.</summary>
    public static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private static bool TryParseInteger(string text, out long value)
    {
        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
