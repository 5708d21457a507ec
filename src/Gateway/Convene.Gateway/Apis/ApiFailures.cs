using Orleans.Runtime;
using Microsoft.Extensions.Logging;

namespace Convene.Gateway.Apis;

/// <summary>Answers for failures that are not the caller's fault, in the API's JSON shape; never an unhandled exception.</summary>
internal static partial class ApiFailures
{
    /// <summary>503 when the silo is busy or stopping, 500 (logged) for anything else.</summary>
    public static ApiResponse From(HttpContext http, Exception e)
    {
        if (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
        {
            return ApiResponse.Error(StatusCodes.Status503ServiceUnavailable, "the server is busy or stopping; retry later", code: ApiErrorCodes.Busy);
        }
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BackendApi).FullName!);
        LogFailed(logger, http.Request.Method, http.Request.Path, e);
        return ApiResponse.Error(StatusCodes.Status500InternalServerError, "internal error; nothing was reported changed", code: ApiErrorCodes.Internal);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Backend API {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, string method, string path, Exception e);
}
