using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Convene.Gateway.Auth;
using Microsoft.AspNetCore.Routing;

namespace Convene.Gateway.Apis;

/// <summary>
/// The backend HTTP API for the app's server, authenticated by the app token: the spec's JSON operations at
/// <c>POST /api</c> (and its query-string form), and the same operations as REST resources under <c>/v1</c>.
/// </summary>
public static class BackendApi
{
    /// <summary>Maps <c>/api</c>, <c>/v1/users</c>, <c>/v1/groups</c> and <c>/openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapBackendApi(this IEndpointRouteBuilder app)
    {
        // /api.php too: apps written for the spec post their operations there.
        foreach (var path in new[] { "/api", "/api.php" })
        {
            app.MapPost(path, OperationAsync);
            app.MapGet(path, OperationAsync);
        }
        app.MapGet("/openapi/v1.json", () => Results.Text(OpenApiDocument.Json, "application/json"));

        // The app token authenticates every /v1 route (its scheme answers 401 AUTHFAIL itself).
        var v1 = app.MapGroup("/v1").RequireAuthorization(AppTokenAuthenticationHandler.PolicyName);
        v1.MapPost("/users", (Delegate)((HttpContext http) => RestAsync(http, body => new JsonObject { ["op"] = "useradd", ["user"] = body ?? [] })));
        v1.MapDelete("/users/{address}", (HttpContext http, string address) =>
            RestAsync(http, _ => new JsonObject { ["op"] = "userdel", ["user"] = new JsonObject { ["address"] = address } }));
        v1.MapPost("/groups", (Delegate)((HttpContext http) =>
            RestAsync(http, body => new JsonObject { ["op"] = "groupadd", ["group"] = body ?? [] }, StatusCodes.Status201Created)));
        v1.MapGet("/groups/{gid}", (HttpContext http, string gid) => RestAsync(http, _ => GroupOp("groupget", gid, null)));
        v1.MapPatch("/groups/{gid}", (HttpContext http, string gid) => RestAsync(http, body => GroupOp("groupset", gid, body)));
        v1.MapDelete("/groups/{gid}", (HttpContext http, string gid) => RestAsync(http, _ => GroupOp("groupdel", gid, null)));
        v1.MapPut("/groups/{gid}/members/{address}", (HttpContext http, string gid, string address) =>
            RestAsync(http, body => MemberOp(gid, address, body, remove: false)));
        v1.MapDelete("/groups/{gid}/members/{address}", (HttpContext http, string gid, string address) =>
            RestAsync(http, _ => MemberOp(gid, address, null, remove: true)));
        v1.MapGet("/groups/{gid}/members", (HttpContext http, string gid) => RestAsync(http, _ =>
        {
            var op = GroupOp("groupgetmembers", gid, null);
            foreach (var name in new[] { "count", "offset" })
            {
                if (http.Request.Query.TryGetValue(name, out var value))
                {
                    op[name] = long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                        ? n
                        : throw new ApiInputException($"{name} must be a non-negative integer");
                }
            }
            return op;
        }));
        v1.MapGet("/groups/{gid}/room", RoomAsync);
        return app;
    }

    /// <summary>
    /// <c>GET /v1/groups/{gid}/room</c>: the live call in numbers and the silo it is active on (operators, and the
    /// cluster tests that look for a room's silo). Activates the room if it was not active.
    /// </summary>
    private static async Task<IResult> RoomAsync(HttpContext http, string gid, IGrainFactory grains)
    {
        if (!long.TryParse(gid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return ApiResponse.Error(StatusCodes.Status400BadRequest, "gid must be a positive integer").ToResult();
        }
        try
        {
            var status = await grains.GetGrain<Convene.Grains.Rooms.IRoomGrain>(id).GetStatusAsync();
            return Results.Json(new
            {
                result = true,
                room = new { gid = id, silo = status.Silo, gateways = status.Gateways, connections = status.Connections, online = status.Online, streams = status.Streams, subscriptions = status.Subscriptions },
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ApiFailures.From(http, e).ToResult();
        }
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

    /// <summary>A REST call (already authenticated by the app token): the body and path turned into the equivalent operation.</summary>
    private static async Task<IResult> RestAsync(HttpContext http, Func<JsonObject?, JsonObject> toOperation, int successStatus = StatusCodes.Status200OK)
    {
        var operations = http.RequestServices.GetRequiredService<BackendOperations>();
        try
        {
            var body = await RequestBody.ReadObjectAsync(http.Request, http.RequestAborted);
            var response = await operations.ExecuteAsync(toOperation(body), lenient: false);
            return (response.StatusCode == StatusCodes.Status200OK ? response with { StatusCode = successStatus } : response).ToResult();
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

    private static JsonObject GroupOp(string op, string gid, JsonObject? body)
    {
        var group = body ?? [];
        group["gid"] = ParseGid(gid);
        return new JsonObject { ["op"] = op, ["group"] = group };
    }

    private static JsonObject MemberOp(string gid, string address, JsonObject? body, bool remove)
    {
        var members = body ?? [];
        var type = members["type"]?.DeepClone();
        members.Remove("type");
        members["m"] = new JsonArray(address);
        members["remove"] = remove;
        var op = GroupOp("groupeditmembers", gid, null);
        op["group"]!["members"] = members;
        if (type is not null)
        {
            op["group"]!["type"] = type;
        }
        return op;
    }

    private static long ParseGid(string gid) =>
        long.TryParse(gid, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ApiInputException("gid must be a positive integer");

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string? TokenField(JsonObject root) =>
        root["token"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static ApiResponse Unauthorized() => ApiResponse.Error(StatusCodes.Status401Unauthorized, "token: missing or wrong app token", code: ApiErrorCodes.AuthFail);
}
