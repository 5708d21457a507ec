namespace Convene.Grains.Users;

/// <summary>
/// The groups a user is a member of, each with the last stored message of it the user has seen. Separate from
/// <see cref="UserState"/>: membership is the groups' business and outlives userdel / useradd, which only concern
/// the user record and its token.
/// </summary>
[GenerateSerializer, Alias("convene.MembershipState")]
public sealed class MembershipState
{
    /// <summary>Gid → id of the last stored message of that group the user has seen (or that was history when they joined).</summary>
    [Id(0)]
    public Dictionary<long, long> Groups { get; set; } = [];
}
