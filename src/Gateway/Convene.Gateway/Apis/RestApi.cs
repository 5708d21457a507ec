using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Convene.Gateway.Apis.Rest;
using Convene.Gateway.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Convene.Gateway.Apis;

/// <summary>
/// The backend operations as REST resources under <c>/v1</c>: typed minimal APIs whose OpenAPI document is generated
/// from their request records (<see cref="UserRequest"/>, <see cref="GroupRequest"/>, <see cref="MemberRequest"/>) and
/// typed results. A body is read and validated by the same parser as the <c>/api</c> envelope, so both answer the same
/// errors and codes (<see cref="ApiError"/>); the records describe it.
/// </summary>
internal static class RestApi
{
    private const string Json = "application/json";

    /// <summary>Maps the <c>/v1</c> routes, authenticated by the app token.</summary>
    public static void MapRestApi(this IEndpointRouteBuilder app)
    {
        // The app token authenticates every /v1 route (its scheme answers 401 AUTHFAIL itself).
        var v1 = app.MapGroup("/v1").RequireAuthorization(AppTokenAuthenticationHandler.PolicyName);
        var users = v1.MapGroup("/users").WithTags("Users");
        users.MapPost("", (Delegate)UserAddAsync).Accepts<UserRequest>(Json).Errors()
            .WithName("useradd").WithSummary("Create a user, or regenerate its access token (useradd)");
        users.MapDelete("/{address}", UserDelAsync).Errors().WithName("userdel").WithSummary("Delete a user (userdel)");

        var groups = v1.MapGroup("/groups").WithTags("Groups");
        groups.MapPost("", (Delegate)GroupAddAsync).Accepts<GroupRequest>(Json).Errors()
            .WithName("groupadd").WithSummary("Create a group (groupadd); the server allocates the gid");
        groups.MapGet("/{gid}", GroupGetAsync).Errors().WithName("groupget").WithSummary("A group's settings (groupget)");
        groups.MapPatch("/{gid}", GroupSetAsync).Accepts<GroupRequest>(Json).Errors()
            .WithName("groupset").WithSummary("Change a group's settings and members (groupset)");
        groups.MapDelete("/{gid}", GroupDelAsync).Errors().WithName("groupdel").WithSummary("Delete a group (groupdel)");
        groups.MapGet("/{gid}/members", MembersAsync).Errors().WithName("groupgetmembers").WithSummary("A page of the members (groupgetmembers)");
        groups.MapPut("/{gid}/members/{address}", MemberPutAsync).Accepts<MemberRequest>(Json).Errors()
            .WithName("groupeditmembers-put").WithSummary("Add or update a member (groupeditmembers)");
        groups.MapDelete("/{gid}/members/{address}", MemberDeleteAsync).Errors()
            .WithName("groupeditmembers-remove").WithSummary("Remove a member (groupeditmembers with remove)");
        groups.MapGet("/{gid}/room", RoomApi.RoomAsync).Errors().WithName("room")
            .WithSummary("The live call in numbers and the silo it is active on (activates the room)");
    }

    /// <summary>The error answers every route may give, in the document.</summary>
    private static RouteHandlerBuilder Errors(this RouteHandlerBuilder builder)
    {
        foreach (var status in new[] { 400, 401, 403, 404, 413, 503 })
        {
            builder.Produces<ApiError>(status, Json);
        }
        return builder;
    }

    private static Task<Results<Ok<UserAnswer>, JsonHttpResult<ApiError>>> UserAddAsync(HttpContext http) =>
        RunAsync<UserAnswer>(http, body => new JsonObject { ["op"] = "useradd", ["user"] = body ?? [] });

    private static Task<Results<Ok<UserAnswer>, JsonHttpResult<ApiError>>> UserDelAsync(HttpContext http, string address) =>
        RunAsync<UserAnswer>(http, _ => new JsonObject { ["op"] = "userdel", ["user"] = new JsonObject { ["address"] = address } });

    private static async Task<Results<Created<GroupAnswer>, JsonHttpResult<ApiError>>> GroupAddAsync(HttpContext http)
    {
        var (response, error) = await ExecuteAsync(http, body => new JsonObject { ["op"] = "groupadd", ["group"] = body ?? [] });
        if (error is not null)
        {
            return error;
        }
        var answer = response!.Deserialize<GroupAnswer>(JsonSerializerOptions.Web)!;
        return TypedResults.Created($"/v1/groups/{answer.Group.Gid}", answer);
    }

    private static Task<Results<Ok<GroupGetAnswer>, JsonHttpResult<ApiError>>> GroupGetAsync(HttpContext http, string gid) =>
        RunAsync<GroupGetAnswer>(http, _ => GroupOp("groupget", gid, null));

    private static Task<Results<Ok<GroupAnswer>, JsonHttpResult<ApiError>>> GroupSetAsync(HttpContext http, string gid) =>
        RunAsync<GroupAnswer>(http, body => GroupOp("groupset", gid, body));

    private static Task<Results<Ok<GroupAnswer>, JsonHttpResult<ApiError>>> GroupDelAsync(HttpContext http, string gid) =>
        RunAsync<GroupAnswer>(http, _ => GroupOp("groupdel", gid, null));

    private static Task<Results<Ok<GroupAnswer>, JsonHttpResult<ApiError>>> MemberPutAsync(HttpContext http, string gid, string address) =>
        RunAsync<GroupAnswer>(http, body => MemberOp(gid, address, body, remove: false));

    private static Task<Results<Ok<GroupAnswer>, JsonHttpResult<ApiError>>> MemberDeleteAsync(HttpContext http, string gid, string address) =>
        RunAsync<GroupAnswer>(http, _ => MemberOp(gid, address, null, remove: true));

    private static Task<Results<Ok<MembersAnswer>, JsonHttpResult<ApiError>>> MembersAsync(HttpContext http, string gid, string? count, string? offset) =>
        RunAsync<MembersAnswer>(http, _ =>
        {
            var op = GroupOp("groupgetmembers", gid, null);
            foreach (var (name, value) in new[] { ("count", count), ("offset", offset) })
            {
                if (value is not null)
                {
                    op[name] = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                        ? n
                        : throw new ApiInputException($"{name} must be a non-negative integer");
                }
            }
            return op;
        });

    private static async Task<Results<Ok<T>, JsonHttpResult<ApiError>>> RunAsync<T>(HttpContext http, Func<JsonObject?, JsonObject> toOperation)
    {
        var (response, error) = await ExecuteAsync(http, toOperation);
        return error is not null ? error : TypedResults.Ok(response!.Deserialize<T>(JsonSerializerOptions.Web)!);
    }

    /// <summary>Reads the body, runs the equivalent operation; the success body, or the error as a typed result.</summary>
    private static async Task<(JsonObject? Body, JsonHttpResult<ApiError>? Error)> ExecuteAsync(HttpContext http, Func<JsonObject?, JsonObject> toOperation)
    {
        var operations = http.RequestServices.GetRequiredService<BackendOperations>();
        ApiResponse response;
        try
        {
            var body = await RequestBody.ReadObjectAsync(http.Request, http.RequestAborted);
            response = await operations.ExecuteAsync(toOperation(body), lenient: false);
        }
        catch (ApiInputException e)
        {
            response = ApiResponse.Error(e.StatusCode, e.Message, code: e.Code);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            response = ApiFailures.From(http, e);
        }
        return response.StatusCode == StatusCodes.Status200OK ? (response.Body, null) : (null, ErrorOf(response));
    }

    /// <summary>An error answer as a typed result.</summary>
    internal static JsonHttpResult<ApiError> ErrorOf(ApiResponse response) =>
        TypedResults.Json(response.Body.Deserialize<ApiError>(JsonSerializerOptions.Web)!, JsonSerializerOptions.Web, Json, response.StatusCode);

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

    /// <summary>A gid from the path: a positive integer.</summary>
    internal static long ParseGid(string gid) =>
        long.TryParse(gid, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ApiInputException("gid must be a positive integer");
}
