using System.Text.RegularExpressions;

namespace Elman.Tests.Architecture;

/// <summary>
/// Library messages name library things (a property, tensor, file or row), never a CLI flag: ML.NET and library users
/// read them too. The CLI maps a setting's property to its flag in one place (Cli/Commands/SettingFlags.cs).
/// </summary>
public sealed partial class LibraryMessagesTests
{
    // The one place a library string holds '--': npm's own command line, which the Datasets package runs.
    static readonly string[] Allowed = ["--json"];

    [Theory]
    [InlineData("Elman")]
    [InlineData("Elman.Datasets")]
    [InlineData("Elman.Onnx")]
    [InlineData("Elman.MLNet")]
    [InlineData("Elman.Cluster")]
    public void No_string_literal_of_a_library_names_a_command_line_flag(string project)
    {
        var found = new List<string>();
        foreach (var file in SourceFiles.Of(project))
        {
            var lines = SourceFiles.WithoutComments(File.ReadAllText(file)).Split('\n');
            for (int i = 0; i < lines.Length; i++)
                foreach (Match literal in StringLiteral().Matches(lines[i]))
                    foreach (Match flag in Flag().Matches(literal.Value))
                        if (!Allowed.Contains(flag.Value)) found.Add($"{Path.GetRelativePath(SourceFiles.Root, file)}:{i + 1}: {flag.Value}");
        }
        Assert.True(SourceFiles.Of(project).Any(), $"no sources found for {project}");
        Assert.True(found.Count == 0, "library messages naming flags:\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_scan_finds_a_flag_in_a_literal_and_ignores_comments()
    {
        string code = "throw new ElmanException($\"--lr is {x}\"); // see --help\n/// <summary>--hidden</summary>";
        var lines = SourceFiles.WithoutComments(code).Split('\n');
        var flags = lines.SelectMany(l => StringLiteral().Matches(l)).SelectMany(m => Flag().Matches(m.Value)).Select(m => m.Value).ToList();
        Assert.Equal(["--lr"], flags);
    }

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z-]*")]
    private static partial Regex Flag();
}
