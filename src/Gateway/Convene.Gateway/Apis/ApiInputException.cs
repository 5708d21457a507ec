namespace Convene.Gateway.Apis;

/// <summary>Bad input to the backend API: answered with <see cref="StatusCode"/>, <see cref="Code"/> and the message, nothing changed.</summary>
internal sealed class ApiInputException(string message, int statusCode = StatusCodes.Status400BadRequest, string? code = null) : Exception(message)
{
    /// <summary>The HTTP status to answer.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>The stable error code (<see cref="ApiErrorCodes"/>).</summary>
    public string Code { get; } = code ?? ApiErrorCodes.ForStatus(statusCode);
}
