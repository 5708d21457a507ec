using System.Xml.Linq;

namespace Convene.Silo.Tests;

/// <summary>Dependencies point one way: the gateway sees grain interfaces, never grain implementations.</summary>
public sealed class ProjectReferenceTests
{
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Orleans.sln not found above the test's directory");
    }

    private static string[] References(string project) =>
        XDocument.Load(Path.Combine(RepositoryRoot(), project))
            .Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value))
            .Order()
            .ToArray();

    [Fact]
    public void The_gateway_references_only_the_grain_interfaces()
    {
        Assert.Equal(["Convene.Grains.Abstractions"], References("src/Gateway/Convene.Gateway/Convene.Gateway.csproj"));
    }

    [Fact]
    public void Grain_interfaces_reference_only_the_actor_abstractions()
    {
        Assert.Equal(["Convene.Actors.Abstractions"], References("src/Grains/Convene.Grains.Abstractions/Convene.Grains.Abstractions.csproj"));
    }

    [Fact]
    public void Grains_do_not_reference_the_gateway_or_the_silo()
    {
        var references = References("src/Grains/Convene.Grains/Convene.Grains.csproj");

        Assert.DoesNotContain("Convene.Gateway", references);
        Assert.DoesNotContain("Convene.Silo", references);
    }
}
