using Convene.Actors.Concurrency;

namespace Convene.Actors.Tests.Grains;

public interface INotesObserver : IGrainObserver
{
    [OneWay]
    Task OnNoteAsync(string note, int sequence);
}
