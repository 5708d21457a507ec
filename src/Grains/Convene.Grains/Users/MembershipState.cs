namespace Convene.Grains.Users;

/// <summary>
/// The groups a user is a member of. Separate from <see cref="UserState"/>: membership is the groups' business
/// and outlives userdel / useradd, which only concern the user record and its token.
/// </summary>
public sealed class MembershipState
{
    /// <summary>Gids, ascending.</summary>
    public List<long> Groups { get; set; } = [];
}
