namespace Convene.Actors.Tests;
