using Microsoft.Extensions.Options;

namespace Convene.Gateway.Cors;

/// <summary>Refuses to start with an allowed origin that is not <c>scheme://host[:port]</c>, naming the key and the value.</summary>
internal sealed class CrossOriginOptionsValidator : IValidateOptions<CrossOriginOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CrossOriginOptions options) =>
        CrossOriginHosting.Invalid(options.Origins) is { } why
            ? ValidateOptionsResult.Fail($"{CrossOriginOptions.ConfigurationKey}: {why}")
            : ValidateOptionsResult.Success;
}
