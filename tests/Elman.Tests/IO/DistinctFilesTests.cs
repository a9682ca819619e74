using System.Diagnostics;
using Elman.IO;

namespace Elman.Tests.IO;

/// <summary>An output that is an input (by path, spelling, link or hard link) is refused before any work.</summary>
public class DistinctFilesTests
{
    [Fact]
    public void Same_path_other_spelling_link_and_hard_link_are_the_same_file()
    {
        using var folder = new TempDirectory();
        string model = folder.File("m.safetensors");
        File.WriteAllBytes(model, [1]);
        File.CreateSymbolicLink(folder.File("link.safetensors"), model);

        Assert.True(DistinctFiles.Same(model, model));
        Assert.True(DistinctFiles.Same(model, Path.Combine(folder.Path, ".", "sub", "..", "m.safetensors")));
        Assert.True(DistinctFiles.Same(model, folder.File("link.safetensors")));
        if (!OperatingSystem.IsWindows())
        {
            using (var ln = Process.Start("ln", [model, folder.File("hard.safetensors")])) ln.WaitForExit();
            Assert.True(DistinctFiles.Same(model, folder.File("hard.safetensors")));
        }
        Assert.False(DistinctFiles.Same(model, folder.File("other.safetensors")));
    }

    [Fact]
    public void An_output_equal_to_an_input_is_refused_naming_both_roles()
    {
        using var folder = new TempDirectory();
        string model = folder.File("m.safetensors");
        File.WriteAllBytes(model, [1]);
        var e = Assert.Throws<ElmanException>(() => DistinctFiles.Check([new("--model", model), new("--inputs", folder.File("b"))], [new("--out", model)]));
        Assert.Equal($"--out {model} is the same file as --model {model}; writing it would destroy the input", e.Message);
    }

    [Fact]
    public void Two_outputs_on_one_path_are_refused_and_absent_paths_are_skipped()
    {
        using var folder = new TempDirectory();
        string m = folder.File("m.safetensors");
        var e = Assert.Throws<ElmanException>(() => DistinctFiles.Check([new("--data", folder.File("d.csv"))], [new("--out", m), new("--plot", null), new("--plot", m)]));
        Assert.Contains("one output would replace the other", e.Message);
        DistinctFiles.Check([new("--data", folder.File("d.csv"))], [new("--out", m), new("--plot", folder.File("m.png")), new("--checkpoint-dir", "")]);
    }
}
