namespace Convene.Grains.Groups;

/// <summary>Where a published stream comes from.</summary>
public enum StreamSource
{
    /// <summary>A camera (and/or microphone).</summary>
    Camera,
    /// <summary>A shared screen.</summary>
    Screen,
}
