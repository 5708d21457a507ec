using Convene.Grains.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Convene.Gateway.Auth;

/// <summary>
/// Checks the backend API's app token. The token comes from configuration (<c>Convene:AppToken</c>); without one,
/// a token is generated at first start, only its SHA-256 is stored (in <see cref="IAppTokenGrain"/>), and the
/// token is written to the log that one time. The token is never logged otherwise.
/// </summary>
public sealed partial class AppTokenVerifier(IConfiguration configuration, IGrainFactory grains, ILogger<AppTokenVerifier> logger)
{
    /// <summary>The configuration key of the app token.</summary>
    public const string ConfigurationKey = "Convene:AppToken";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _hash;

    /// <summary>Loads (or at first start creates) the token hash; safe to call many times.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_hash is not null)
        {
            return;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_hash is not null)
            {
                return;
            }
            if (configuration[ConfigurationKey] is { Length: > 0 } configured)
            {
                _hash = AccessTokenHash.Of(configured);
                return;
            }
            var candidate = AccessTokenHash.NewToken();
            var candidateHash = AccessTokenHash.Of(candidate);
            var stored = await grains.GetGrain<IAppTokenGrain>(IAppTokenGrain.Key).EnsureAsync(candidateHash);
            if (stored == candidateHash)
            {
                LogGenerated(logger, candidate);
            }
            _hash = stored;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether <paramref name="token"/> is the app token (constant-time comparison of hashes).</summary>
    public async Task<bool> VerifyAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return false;
        }
        await InitializeAsync(cancellationToken);
        return AccessTokenHash.Equal(AccessTokenHash.Of(token), _hash!);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Generated the backend API app token (shown this once, only its hash is stored; set Convene:AppToken to choose one): {AppToken}")]
    private static partial void LogGenerated(ILogger logger, string appToken);
}
