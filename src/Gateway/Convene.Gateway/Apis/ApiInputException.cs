namespace Convene.Gateway.Apis;

/// <summary>Bad input to the backend API: answered with <see cref="StatusCode"/> and the message, nothing changed.</summary>
internal sealed class ApiInputException(string message, int statusCode = StatusCodes.Status400BadRequest) : Exception(message)
{
    /// <summary>The HTTP status to answer.</summary>
    public int StatusCode { get; } = statusCode;
}
