namespace Convene.Actors;

/// <summary>Identity helpers for grains.</summary>
public static class GrainExtensions
{
    /// <summary>The primary key of a grain, from inside the grain.</summary>
    public static string GetPrimaryKeyString(this Grain grain) => grain.GrainContext.GrainId.Key;
}
