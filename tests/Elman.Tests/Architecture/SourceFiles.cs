using System.Text.RegularExpressions;

namespace Elman.Tests.Architecture;

/// <summary>The repository's C# sources, read as text: for tests of what the code says and which namespaces it reads.</summary>
static partial class SourceFiles
{
    /// <summary>The repository root (the folder holding Elman.sln), found upward from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Every .cs file of <paramref name="project"/> (a folder under src/), without bin and obj.</summary>
    public static IEnumerable<string> Of(string project)
        => Directory.EnumerateFiles(Path.Combine(Root, "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    /// <summary>The file's namespace (file-scoped), e.g. "Elman.Data.Text".</summary>
    public static string NamespaceOf(string text) => NamespaceLine().Match(text) is { Success: true } m ? m.Groups[1].Value : "";

    /// <summary>The code without comments: // and /// lines' comment parts are dropped (string literals are kept).</summary>
    public static string WithoutComments(string text) => string.Join('\n', text.Split('\n').Select(l => CommentTail().Replace(l, "")));

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Elman.sln"))) return dir.FullName;
        throw new InvalidOperationException("Elman.sln not found above the test assembly");
    }

    [GeneratedRegex(@"^namespace (Elman(?:\.\w+)*);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    // A comment that starts outside a string literal: '//' preceded by an even number of quotes on the line.
    [GeneratedRegex(@"(?<=^(?:[^""]*""[^""]*"")*[^""]*)//.*$")]
    private static partial Regex CommentTail();
}
