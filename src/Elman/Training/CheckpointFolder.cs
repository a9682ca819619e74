using System.Globalization;
using System.Text.RegularExpressions;
using Elman.IO;

namespace Elman.Training;

/// <summary>
/// A folder of training checkpoints named by their position, <c>ckpt-e{epoch}-s{step}.safetensors</c>
/// (<c>ckpt-m{member}-e{epoch}-s{step}.safetensors</c> for a member of an ensemble), so the latest is the
/// greatest name. Each is written atomically (temp file, flush to disk, rename): a run killed at any moment
/// leaves every complete checkpoint readable and at most a stray temp file, which <see cref="Latest"/>
/// ignores and <see cref="RemoveStrayTemporaries"/> deletes. Only the newest <see cref="Keep"/> are kept.
/// An ensemble's finished members are kept apart, one final state each (<c>member-{m}.safetensors</c>),
/// so a resumed run can rebuild them.
/// </summary>
public sealed partial class CheckpointFolder
{
    /// <summary>A folder at <paramref name="path"/> (created when the first checkpoint is written) keeping <paramref name="keep"/> ≥ 1 checkpoints.</summary>
    public CheckpointFolder(string path, int keep)
    {
        SettingException.Require(keep >= 1, "Keep", keep, "≥ 1");
        Path = path;
        Keep = keep;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>How many checkpoints are kept.</summary>
    public int Keep { get; }

    /// <summary>The ensemble member (0-based) whose training the checkpoints hold, or null for a single model.</summary>
    public int? Member { get; init; }

    /// <summary>Writes <paramref name="state"/> and prunes older checkpoints; returns the new file's path.</summary>
    public string Write(TrainingState state)
    {
        Directory.CreateDirectory(Path);
        string member = Member is { } m ? string.Create(CultureInfo.InvariantCulture, $"m{m:D3}-") : "";
        string file = System.IO.Path.Combine(Path, string.Create(CultureInfo.InvariantCulture, $"ckpt-{member}e{state.Epoch:D5}-s{state.Step:D7}.safetensors"));
        state.ToFile().Write(file);
        foreach (var old in Checkpoints(Path).SkipLast(Keep)) File.Delete(old);
        return file;
    }

    /// <summary>Writes the final state of finished ensemble member <paramref name="member"/> (0-based); returns the file's path.</summary>
    public string WriteMember(int member, TrainingState state)
    {
        Directory.CreateDirectory(Path);
        string file = MemberFile(Path, member);
        state.ToFile().Write(file);
        return file;
    }

    /// <summary>Reads the final state of ensemble member <paramref name="member"/> from <paramref name="folder"/>.</summary>
    /// <exception cref="ElmanException">The file is missing or is not a training state.</exception>
    public static TrainingState ReadMember(string folder, int member)
    {
        string file = MemberFile(folder, member);
        if (!File.Exists(file)) throw new ElmanException($"{file}: missing; the ensemble's member {member + 1} finished before this checkpoint and is needed to resume");
        return TrainingState.FromFile(SafeTensorsFile.Read(file));
    }

    static string MemberFile(string folder, int member) => System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"member-{member:D3}.safetensors"));

    /// <summary>
    /// The checkpoint to resume from: <paramref name="path"/> itself when it is a file, else the latest
    /// complete checkpoint in the folder; null when the folder has none.
    /// </summary>
    /// <exception cref="ElmanException">The path does not exist.</exception>
    public static string? Latest(string path)
    {
        if (File.Exists(path)) return path;
        if (!Directory.Exists(path)) throw new ElmanException($"{path}: no such checkpoint file or folder");
        return Checkpoints(path).LastOrDefault();
    }

    /// <summary>Deletes temp files that a killed write left behind; returns how many.</summary>
    public static int RemoveStrayTemporaries(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        int removed = 0;
        foreach (var file in Directory.GetFiles(folder, ".ckpt-*.tmp").Concat(Directory.GetFiles(folder, ".member-*.tmp")))
        {
            File.Delete(file);
            removed++;
        }
        return removed;
    }

    static IEnumerable<string> Checkpoints(string folder)
        => Directory.GetFiles(folder, "ckpt-*.safetensors")
            .Where(f => CheckpointName().IsMatch(System.IO.Path.GetFileName(f)))
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"^ckpt-(m\d{3}-)?e\d{5}-s\d{7}\.safetensors$")]
    private static partial Regex CheckpointName();
}
