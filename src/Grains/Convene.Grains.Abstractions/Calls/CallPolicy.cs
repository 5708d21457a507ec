namespace Convene.Grains.Calls;

/// <summary>Who may call whom (configuration <c>Convene:Calls:Policy</c>).</summary>
public enum CallPolicy
{
    /// <summary>Any user of the app may call any other user (the default).</summary>
    AnyUser,
    /// <summary>Only users who are members of at least one common group may call each other.</summary>
    SharedGroup,
    /// <summary>Nobody may call: one-to-one calls are switched off.</summary>
    Nobody,
}
