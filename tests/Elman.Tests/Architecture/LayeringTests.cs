using System.Text.RegularExpressions;

namespace Elman.Tests.Architecture;

/// <summary>
/// The core library's layers depend downward only (docs/architecture.md): Numerics ← Layers ← Model ← Training and
/// Analysis ← Runs ← Experiments; data sources never read Training, Analysis or Runs.
/// </summary>
public sealed partial class LayeringTests
{
    // What each namespace of the core may NOT read (prefixes of namespaces).
    public static TheoryData<string, string[]> Rules => new()
    {
        { "Elman.Numerics", ["Elman.Layers", "Elman.Model", "Elman.Data", "Elman.Training", "Elman.Analysis", "Elman.Runs", "Elman.Experiments", "Elman.IO"] },
        { "Elman.Layers", ["Elman.Model", "Elman.Data", "Elman.Training", "Elman.Analysis", "Elman.Runs", "Elman.Experiments", "Elman.IO"] },
        { "Elman.Model", ["Elman.Training", "Elman.Analysis", "Elman.Runs", "Elman.Experiments"] },
        { "Elman.Data", ["Elman.Training", "Elman.Analysis", "Elman.Runs", "Elman.Experiments"] },
        { "Elman.Training", ["Elman.Analysis", "Elman.Runs", "Elman.Experiments"] },
        { "Elman.Analysis", ["Elman.Runs", "Elman.Experiments"] },
        { "Elman.Runs", ["Elman.Experiments"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_namespace_reads_nothing_above_it(string layer, string[] forbidden)
    {
        var found = new List<string>();
        int files = 0;
        foreach (var file in SourceFiles.Of("Elman"))
        {
            var text = File.ReadAllText(file);
            var ns = SourceFiles.NamespaceOf(text);
            if (ns != layer && !ns.StartsWith(layer + ".", StringComparison.Ordinal)) continue;
            files++;
            var code = SourceFiles.WithoutComments(text);
            foreach (Match m in Reference().Matches(code))
                if (forbidden.FirstOrDefault(f => m.Groups[1].Value == f || m.Groups[1].Value.StartsWith(f + ".", StringComparison.Ordinal)) is { } hit)
                    found.Add($"{Path.GetRelativePath(SourceFiles.Root, file)}: {m.Value.Trim()} ({hit})");
        }
        Assert.True(files > 0, $"no files in {layer}");
        Assert.True(found.Count == 0, $"{layer} reads a layer above it:\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_core_package_starts_no_process_and_knows_no_corpus()
    {
        foreach (var file in SourceFiles.Of("Elman"))
        {
            var code = SourceFiles.WithoutComments(File.ReadAllText(file));
            Assert.False(code.Contains("Process.Start") || code.Contains("ProcessStartInfo"), $"{file} starts a process");
            Assert.DoesNotContain("using Elman.Datasets", code);
        }
    }

    [Theory]
    [InlineData("Elman")]
    [InlineData("Elman.Datasets")]
    public void The_core_and_data_packages_know_nothing_of_the_cluster(string project)
    {
        Assert.True(SourceFiles.Of(project).Any(), $"no sources found for {project}");
        foreach (var file in SourceFiles.Of(project))
        {
            var code = SourceFiles.WithoutComments(File.ReadAllText(file));
            Assert.False(code.Contains("Orleans") || code.Contains("Elman.Cluster"), $"{file} reads Orleans or Elman.Cluster, which depend on it");
        }
        var csproj = File.ReadAllText(Path.Combine(SourceFiles.Root, "src", project, project + ".csproj"));
        Assert.DoesNotContain("Orleans", csproj);
        Assert.DoesNotContain("Elman.Cluster", csproj);
    }

    // "using Elman.X;" and qualified uses "Elman.X.Y" of a namespace.
    [GeneratedRegex(@"(?:^using |\b)(Elman(?:\.[A-Z]\w*)+)(?=;|\.[A-Z])", RegexOptions.Multiline)]
    private static partial Regex Reference();
}
