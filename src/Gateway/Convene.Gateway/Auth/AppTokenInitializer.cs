using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Convene.Gateway.Auth;

/// <summary>Creates or loads the app token at start-up, so a generated token is shown when the silo starts.</summary>
internal sealed partial class AppTokenInitializer(AppTokenVerifier verifier, ILogger<AppTokenInitializer> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await verifier.InitializeAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The first request retries; the API answers 401 until it succeeds.
            LogFailed(logger, e);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load the app token at start-up; will retry on the first backend request")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
