namespace Elman.IO;

/// <summary>What sits at a path, as <c>lstat</c> sees it (a symbolic link is reported as a link, not followed).</summary>
public enum FileKind
{
    /// <summary>Nothing: the path does not exist.</summary>
    Missing,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A folder.</summary>
    Folder,
    /// <summary>A symbolic link (its target may or may not exist).</summary>
    SymbolicLink,
    /// <summary>A FIFO (named pipe).</summary>
    Fifo,
    /// <summary>A character device such as <c>/dev/null</c>.</summary>
    CharacterDevice,
    /// <summary>A block device.</summary>
    BlockDevice,
    /// <summary>A Unix-domain socket.</summary>
    Socket,
}
