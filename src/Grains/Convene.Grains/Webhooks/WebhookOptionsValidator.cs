using Microsoft.Extensions.Options;

namespace Convene.Grains.Webhooks;

/// <summary>Validates <see cref="WebhookOptions"/> at start (the silo refuses to start with a clear message).</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options) =>
        options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
}
