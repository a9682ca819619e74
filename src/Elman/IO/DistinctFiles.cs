namespace Elman.IO;

/// <summary>One file a command reads or writes, under the name the user knows it by (an option, a property).</summary>
/// <param name="Role">What the file is to the command, in the caller's words (e.g. "model", or the CLI's option name); starts the message.</param>
/// <param name="Path">The path as given; null or empty when the command does not use this file.</param>
public readonly record struct NamedPath(string Role, string? Path);

/// <summary>
/// Checks, before any work, that no output of a command is one of its inputs or another output:
/// <c>grad --model m --out m</c> would otherwise replace the model with gradients.
/// </summary>
/// <remarks>Two paths are the same file when their full paths agree after following symbolic links,
/// or, when both exist, when they have the same device and inode (hard links, bind mounts, other
/// spellings the first test misses). Comparison is ordinal: on a case-insensitive file system two
/// spellings of one existing file are still caught by the inode test.</remarks>
public static class DistinctFiles
{
    /// <summary>Throws if an output is the same file as an input or as an earlier output.</summary>
    /// <exception cref="ElmanException">One line naming both roles and paths.</exception>
    public static void Check(IEnumerable<NamedPath> inputs, IEnumerable<NamedPath> outputs)
    {
        var seen = inputs.Where(p => !string.IsNullOrEmpty(p.Path)).Select(p => (p, Identity.Of(p.Path!), IsInput: true)).ToList();
        foreach (NamedPath output in outputs.Where(p => !string.IsNullOrEmpty(p.Path)))
        {
            Identity identity = Identity.Of(output.Path!);
            foreach (var (earlier, other, isInput) in seen)
                if (identity.SameAs(other))
                    throw new ElmanException(isInput
                        ? $"{output.Role} {output.Path} is the same file as {earlier.Role} {earlier.Path}; writing it would destroy the input"
                        : $"{output.Role} {output.Path} is the same file as {earlier.Role} {earlier.Path}; one output would replace the other");
            seen.Add((output, identity, false));
        }
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> name the same file (see remarks of <see cref="DistinctFiles"/>).</summary>
    public static bool Same(string a, string b) => Identity.Of(a).SameAs(Identity.Of(b));

    readonly record struct Identity(string FullPath, FileStatus Status)
    {
        public static Identity Of(string path)
        {
            string full = System.IO.Path.GetFullPath(path);
            try
            {
                full = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
            }
            catch (IOException) { }   // a link loop or unreadable link: compare the path as given
            return new Identity(full.TrimEnd(System.IO.Path.DirectorySeparatorChar), FileStatus.Of(full));
        }

        public bool SameAs(Identity other) =>
            string.Equals(FullPath, other.FullPath, StringComparison.Ordinal)
            || (Status.Kind != FileKind.Missing && other.Status.Kind != FileKind.Missing && Status.Inode != 0
                && Status.Device == other.Status.Device && Status.Inode == other.Status.Inode);
    }
}
