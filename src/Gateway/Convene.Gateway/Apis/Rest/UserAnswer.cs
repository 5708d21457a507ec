namespace Convene.Gateway.Apis.Rest;

/// <summary>The answer of useradd / userdel.</summary>
public sealed record UserAnswer(UserView User, string Op, bool Result);
