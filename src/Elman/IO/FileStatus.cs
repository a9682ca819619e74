using System.Runtime.InteropServices;

namespace Elman.IO;

/// <summary>
/// The kind and identity (device, inode) of a path. .NET has no public API for either, so on Unix this
/// asks the runtime's own native shim (<c>libSystem.Native</c>, the library <see cref="File"/> itself
/// calls); elsewhere it falls back to <see cref="FileSystemInfo"/>, which knows files, folders and links.
/// </summary>
public readonly record struct FileStatus(FileKind Kind, long Device, long Inode)
{
    // System.Native's FileStatus: Flags, Mode (int32 each), Uid, Gid (uint32), then int64s: Size, ATime,
    // ATimeNsec, MTime, MTimeNsec, CTime, CTimeNsec, BirthTime, BirthTimeNsec, Dev, RDev, Ino, then UserFlags.
    const int ModeOffset = 4, DeviceOffset = 88, InodeOffset = 104, StatusBytes = 256;

    /// <summary>The status of <paramref name="path"/> itself; a symbolic link is not followed.</summary>
    public static FileStatus OfLink(string path) => Get(path, followLinks: false);

    /// <summary>The status of what <paramref name="path"/> finally names, following symbolic links;
    /// <see cref="FileKind.Missing"/> for a dangling link.</summary>
    public static FileStatus Of(string path) => Get(path, followLinks: true);

    static FileStatus Get(string path, bool followLinks)
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                var buffer = new byte[StatusBytes];
                int result = followLinks ? Native.Stat(path, buffer) : Native.LStat(path, buffer);
                if (result != 0) return new FileStatus(FileKind.Missing, 0, 0);
                int mode = BitConverter.ToInt32(buffer, ModeOffset);
                return new FileStatus(KindOf(mode), BitConverter.ToInt64(buffer, DeviceOffset), BitConverter.ToInt64(buffer, InodeOffset));
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        }
        return Managed(path, followLinks);
    }

    // S_IFMT bits as System.Native reports them (the POSIX values).
    static FileKind KindOf(int mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Folder,
        0xA000 => FileKind.SymbolicLink,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xC000 => FileKind.Socket,
        _ => FileKind.Regular,
    };

    static FileStatus Managed(string path, bool followLinks)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            if (!followLinks) return new FileStatus(FileKind.SymbolicLink, 0, 0);
            FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
            return target is null || !target.Exists ? new FileStatus(FileKind.Missing, 0, 0) : Managed(target.FullName, followLinks: false);
        }
        if (!info.Exists) return new FileStatus(FileKind.Missing, 0, 0);
        return new FileStatus(info is DirectoryInfo ? FileKind.Folder : FileKind.Regular, 0, 0);
    }

    static class Native
    {
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", CharSet = CharSet.Ansi)]
        public static extern int LStat(string path, byte[] status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi)]
        public static extern int Stat(string path, byte[] status);
    }
}
