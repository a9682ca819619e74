using Elman.IO;

namespace Elman.Tests.IO;

/// <summary>The one call a training run makes before any work: outputs writable, distinct from inputs, folders usable, claimed.</summary>
public class OutputClaimTests
{
    [Fact]
    public void Train_like_outputs_are_checked_and_claimed_before_work()
    {
        using var folder = new TempDirectory();
        string data = folder.File("d.csv"), model = folder.File("m.safetensors"), plot = folder.File("m.png"), checkpoints = folder.File("m.safetensors.checkpoints");
        File.WriteAllText(data, "text,label\na,b\n");
        using (var claim = OutputClaim.Claim([new("--data", data)], [new("--out", model), new("--plot", plot)], [new("--checkpoint-dir", checkpoints)]))
        {
            Assert.True(Directory.Exists(checkpoints));
            var second = Assert.Throws<ElmanException>(() => OutputClaim.Claim([new("--data", data)], [new("--out", model)], []));
            Assert.Contains("another run", second.Message);
        }
        Assert.Contains("same file as --data", Assert.Throws<ElmanException>(() => OutputClaim.Claim([new("--data", data)], [new("--out", data)], [])).Message);
        Assert.Contains("one output would replace the other", Assert.Throws<ElmanException>(() => OutputClaim.Claim([], [new("--out", model), new("--plot", model)], [])).Message);
        Assert.StartsWith($"--checkpoint-dir {data}: is a regular file, expected a folder",
            Assert.Throws<ElmanException>(() => OutputClaim.Claim([], [new("--out", model)], [new("--checkpoint-dir", data)])).Message);
        Assert.Equal("--out is empty; expected a path", Assert.Throws<ElmanException>(() => OutputClaim.Claim([], [new("--out", "")], [])).Message);
        Assert.Equal("--checkpoint-dir is empty; expected a path", Assert.Throws<ElmanException>(() => OutputClaim.Claim([], [new("--out", model)], [new("--checkpoint-dir", " ")])).Message);
        Assert.StartsWith("--plot /dev/null: is a character device", Assert.Throws<ElmanException>(() => OutputClaim.Claim([], [new("--out", model), new("--plot", "/dev/null")], [])).Message);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.lock"));
    }
}
