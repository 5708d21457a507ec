namespace Convene.Actors.Runtime;

/// <summary>A persistent state the runtime loads before OnActivateAsync.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync();
}
