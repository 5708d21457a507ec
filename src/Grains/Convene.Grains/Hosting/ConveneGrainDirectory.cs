namespace Convene.Grains.Hosting;

/// <summary>Which Orleans grain directory a silo uses to find each grain's single activation (<c>Convene:Orleans:GrainDirectory</c>).</summary>
public enum ConveneGrainDirectory
{
    /// <summary>
    /// Orleans' strongly consistent in-cluster directory (<c>AddDistributedGrainDirectory</c>, experimental in Orleans 10:
    /// ORLEANSEXP003). A silo that stops hands its directory ranges over; when a silo dies the new owners of its ranges
    /// recover the entries from the surviving silos, so a room active on a surviving silo keeps its activation.
    /// </summary>
    Distributed,

    /// <summary>
    /// Orleans' default in-cluster directory (eventually consistent): the entries a dead silo owned are lost, and a
    /// call to one of those grains from a silo that has not cached its address activates it a second time.
    /// </summary>
    Default,
}
