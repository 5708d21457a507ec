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
    public void Grain_interfaces_reference_no_project_of_ours()
    {
        Assert.Empty(References("src/Grains/Convene.Grains.Abstractions/Convene.Grains.Abstractions.csproj"));
    }

    [Fact]
    public void Nothing_of_the_retired_runtime_remains()
    {
        var root = RepositoryRoot();
        Assert.False(Directory.Exists(Path.Combine(root, "src/Actors")), "src/Actors was retired for Orleans");
        var named = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/node_modules/", StringComparison.Ordinal) && Path.GetFileName(f).StartsWith("Convene.Actors", StringComparison.Ordinal))
            .ToArray();
        Assert.Empty(named);
    }

    [Fact]
    public void The_dotnet_client_references_no_project_of_ours()
    {
        // A NuGet package for apps: it speaks HTTP and SignalR and defines its own types.
        Assert.Empty(References("src/Client/Convene.Client/Convene.Client.csproj"));
    }

    [Fact]
    public void Grains_do_not_reference_the_gateway_or_the_silo()
    {
        var references = References("src/Grains/Convene.Grains/Convene.Grains.csproj");

        Assert.DoesNotContain("Convene.Gateway", references);
        Assert.DoesNotContain("Convene.Silo", references);
    }
}
