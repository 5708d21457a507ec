using System.ComponentModel;

namespace Convene.Gateway.Apis.Rest;

/// <summary><c>POST /v1/users</c> (useradd): creates a user, or regenerates its access token.</summary>
public sealed record UserRequest(
    [property: Description("The user's address (1–128 characters, no whitespace, control characters or commas).")] string Address,
    string? Name,
    TokenRequest? Token);
