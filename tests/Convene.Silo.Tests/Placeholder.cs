namespace Convene.Silo.Tests;
