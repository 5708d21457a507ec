namespace Convene.Grains.Tests;
