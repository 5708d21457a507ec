using System.Text.Json.Nodes;

namespace Convene.Gateway.Apis;

/// <summary>An answer of the backend API: HTTP status and JSON body.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Body">The JSON body; always has <c>result</c>, and <c>error</c> and <c>code</c> when it is false.</param>
internal sealed record ApiResponse(int StatusCode, JsonObject Body)
{
    /// <summary>A failure: <c>{"op":op,"result":false,"error":message,"code":code}</c>; the code defaults to the status's.</summary>
    public static ApiResponse Error(int statusCode, string message, string? op = null, string? code = null)
    {
        var body = new JsonObject();
        if (op is not null)
        {
            body["op"] = op;
        }
        body["result"] = false;
        body["error"] = message;
        body["code"] = code ?? ApiErrorCodes.ForStatus(statusCode);
        return new ApiResponse(statusCode, body);
    }

    /// <summary>A success: the given fields, then <c>op</c> and <c>result: true</c>.</summary>
    public static ApiResponse Ok(string op, JsonObject body, int statusCode = StatusCodes.Status200OK)
    {
        body["op"] = op;
        body["result"] = true;
        return new ApiResponse(statusCode, body);
    }

    /// <summary>As an ASP.NET Core result.</summary>
    public IResult ToResult() => Results.Text(Body.ToJsonString(), "application/json", statusCode: StatusCode);
}
