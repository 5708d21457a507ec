namespace Convene.Grains.Permissions;

/// <summary>Who is asking.</summary>
public enum ActorKind
{
    /// <summary>The app's own server, authenticated by the app token: may do everything.</summary>
    Backend,
    /// <summary>A user, authenticated by an access token.</summary>
    User,
}
