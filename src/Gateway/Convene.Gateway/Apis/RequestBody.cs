using System.Text.Json;
using System.Text.Json.Nodes;
using Convene.Grains;

namespace Convene.Gateway.Apis;

/// <summary>Reads a request body as a JSON object, refusing bodies over <see cref="Limits.MaxMessageBytes"/> and malformed JSON.</summary>
internal static class RequestBody
{
    /// <summary>The body's JSON object; null if the body is empty.</summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > Limits.MaxMessageBytes)
        {
            throw TooLarge();
        }
        var buffer = new byte[Limits.MaxMessageBytes + 1];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }
            length += read;
        }
        if (length > Limits.MaxMessageBytes)
        {
            throw TooLarge();
        }
        var bytes = buffer.AsSpan(0, length);
        if (bytes.Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new ApiInputException($"malformed JSON: {e.Message}", code: ApiErrorCodes.BadJson);
        }
        return node as JsonObject ?? throw new ApiInputException("the request body must be a JSON object", code: ApiErrorCodes.BadJson);
    }

    private static ApiInputException TooLarge() =>
        new($"the request body is larger than 64 KiB ({Limits.MaxMessageBytes} bytes)", StatusCodes.Status413PayloadTooLarge);
}
