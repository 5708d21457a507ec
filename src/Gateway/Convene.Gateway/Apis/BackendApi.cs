using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Convene.Gateway.Auth;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Convene.Gateway.Apis;

/// <summary>
/// The backend HTTP API for the app's server, authenticated by the app token: the spec's JSON operations at
/// <c>POST /api</c> (and its query-string and form forms); the same operations as REST resources under <c>/v1</c> are in <see cref="RestApi"/>.
/// </summary>
public static class BackendApi
{
    /// <summary>
    /// Maps <c>/api</c> and <c>/api.php</c>, the REST routes under <c>/v1</c>, their generated OpenAPI document at
    /// <c>/openapi/v1.json</c> and its interactive reference page at <c>/scalar/v1</c> (assets served by the silo).
    /// </summary>
    public static IEndpointRouteBuilder MapBackendApi(this IEndpointRouteBuilder app)
    {
        // /api.php too: apps written for the spec post their operations there.
        app.MapPost("/api", OperationAsync)
            .Accepts<Rest.OperationRequest>("application/json", "application/x-www-form-urlencoded")
            .Produces<Rest.ApiError>(StatusCodes.Status400BadRequest)
            .WithTags("Operations").WithName("operation")
            .WithSummary("Run one of the spec's operations (JSON body, form fields, or the query-string form)");
        app.MapGet("/api", OperationAsync).ExcludeFromDescription();
        app.MapPost("/api.php", OperationAsync).ExcludeFromDescription();
        app.MapGet("/api.php", OperationAsync).ExcludeFromDescription();
        app.MapRestApi();
        app.MapOpenApi("/openapi/{documentName}.json");
        // Scalar's page and scripts come from its assembly; its default web fonts would come from fonts.scalar.com: off.
        app.MapScalarApiReference(o => o.WithTitle("Convene backend API").DisableDefaultFonts());
        return app;
    }

    /// <summary>
    /// Whether a form-typed body is really a JSON object: <c>curl -d '{...}'</c> labels JSON as a form,
    /// and the spec's examples are posted that way. Peeks at the first non-blank byte and rewinds.
    /// </summary>
    private static async Task<bool> StartsWithJsonObjectAsync(HttpRequest request)
    {
        request.EnableBuffering();
        var buffer = new byte[64];
        var read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        foreach (var b in buffer.AsSpan(0, read))
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            return b == (byte)'{';
        }
        return false;
    }

    private static async Task<IResult> OperationAsync(HttpContext http, BackendOperations operations, AppTokenVerifier verifier)
    {
        try
        {
            JsonObject? body = null;
            JsonObject root;
            if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType && !await StartsWithJsonObjectAsync(http.Request))
            {
                if (http.Request.ContentLength > Convene.Grains.Limits.MaxMessageBytes)
                {
                    throw new ApiInputException($"the request body is larger than 64 KiB ({Convene.Grains.Limits.MaxMessageBytes} bytes)", StatusCodes.Status413PayloadTooLarge);
                }
                root = QueryForm.ToRequest(await http.Request.ReadFormAsync(http.RequestAborted));
            }
            else
            {
                body = HttpMethods.IsPost(http.Request.Method) ? await RequestBody.ReadObjectAsync(http.Request, http.RequestAborted) : null;
                root = body ?? QueryForm.ToRequest(http.Request.Query);
            }
            var lenient = body is null;
            var token = BearerToken(http.Request) ?? TokenField(root) ?? http.Request.Query["token"].FirstOrDefault();
            if (!await verifier.VerifyAsync(token, http.RequestAborted))
            {
                return Unauthorized().ToResult();
            }
            return (await operations.ExecuteAsync(root, lenient)).ToResult();
        }
        catch (ApiInputException e)
        {
            return ApiResponse.Error(e.StatusCode, e.Message, code: e.Code).ToResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ApiFailures.From(http, e).ToResult();
        }
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string? TokenField(JsonObject root) =>
        root["token"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static ApiResponse Unauthorized() => ApiResponse.Error(StatusCodes.Status401Unauthorized, "token: missing or wrong app token", code: ApiErrorCodes.AuthFail);
}
