namespace Convene.Grains.Groups;

/// <summary>The spec's room resolutions (call.resolution): 0 standard, 1 HD, 2 full HD, 3 4K.</summary>
public static class CallResolution
{
    /// <summary>The largest video size a room of resolution <paramref name="resolution"/> allows.</summary>
    public static (int Width, int Height) MaxSize(int resolution) => resolution switch
    {
        1 => (1280, 720),
        2 => (1920, 1080),
        3 => (3840, 2160),
        _ => (640, 480),
    };
}
