namespace Convene.Actors;

/// <summary>
/// The activation whose grain is being constructed on this thread, so that a grain's constructor
/// can already use its identity and factory. Set only by the runtime.
/// </summary>
internal static class ActivatingContext
{
    [ThreadStatic]
    internal static IGrainContext? Current;
}
