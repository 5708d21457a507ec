namespace Convene.Media.Tests;
