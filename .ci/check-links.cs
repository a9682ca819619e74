// Checks every relative link and image in README.md, docs/*.md and src/*/README.md: the file exists,
// a #heading anchor names a heading of the target page (GitHub's slugs), and a #L<n> anchor is a line
// the target file has. Run from anywhere: `dotnet run .ci/check-links.cs`. Prints one line per broken
// link (file:line: link: problem) and exits 1 if there is any.
using System.Text;
using System.Text.RegularExpressions;

var root = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", ".."));
if (!File.Exists(Path.Combine(root, "Elman.sln"))) root = Directory.GetCurrentDirectory();
var pages = new List<string> { Path.Combine(root, "README.md") };
pages.AddRange(Directory.GetFiles(Path.Combine(root, "docs"), "*.md"));
pages.AddRange(Directory.GetDirectories(Path.Combine(root, "src")).Select(d => Path.Combine(d, "README.md")).Where(File.Exists));

var link = new Regex(@"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)");
int checkedLinks = 0, broken = 0;
foreach (var page in pages)
{
    var lines = File.ReadAllLines(page);
    bool fenced = false;
    for (int n = 0; n < lines.Length; n++)
    {
        if (lines[n].TrimStart().StartsWith("```", StringComparison.Ordinal)) { fenced = !fenced; continue; }
        if (fenced || lines[n].StartsWith("    ", StringComparison.Ordinal)) continue;
        var text = Regex.Replace(lines[n], "`[^`]*`", m => m.Value.Contains("](") ? "" : m.Value);
        foreach (Match m in link.Matches(text))
        {
            var target = m.Groups[1].Value;
            if (Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase)) continue;
            checkedLinks++;
            var problem = Check(page, target);
            if (problem is null) continue;
            broken++;
            Console.WriteLine($"{Path.GetRelativePath(root, page)}:{n + 1}: {target}: {problem}");
        }
    }
}
Console.WriteLine($"{checkedLinks} relative links checked in {pages.Count} pages, {broken} broken");
return broken == 0 ? 0 : 1;

static string? Check(string page, string target)
{
    int hash = target.IndexOf('#');
    string pathPart = hash < 0 ? target : target[..hash], anchor = hash < 0 ? "" : target[(hash + 1)..];
    var file = pathPart.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(pathPart)));
    if (!File.Exists(file) && !Directory.Exists(file)) return "no such file";
    if (anchor.Length == 0) return null;
    var lineAnchor = Regex.Match(anchor, @"^L(\d+)(?:-L(\d+))?$");
    if (lineAnchor.Success)
    {
        int count = File.ReadAllLines(file).Length, last = int.Parse(lineAnchor.Groups[lineAnchor.Groups[2].Success ? 2 : 1].Value);
        return last <= count ? null : $"the file has {count} lines";
    }
    if (!file.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return "an anchor into a file that is not markdown";
    return Slugs(file).Contains(anchor) ? null : "no heading with that anchor";
}

// GitHub's heading anchors: lowercase, drop everything but letters, digits, '-', '_' and spaces, spaces
// become '-', and repeated headings get -1, -2, ….
static HashSet<string> Slugs(string file)
{
    var slugs = new HashSet<string>();
    var seen = new Dictionary<string, int>();
    bool fenced = false;
    foreach (var line in File.ReadLines(file))
    {
        if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { fenced = !fenced; continue; }
        var heading = Regex.Match(line, @"^#{1,6}\s+(.*?)\s*#*\s*$");
        if (fenced || !heading.Success) continue;
        var sb = new StringBuilder();
        foreach (var c in heading.Groups[1].Value.ToLowerInvariant())
            if (char.IsLetterOrDigit(c) || c is '-' or '_') sb.Append(c);
            else if (c == ' ') sb.Append('-');
        var slug = sb.ToString();
        int k = seen.TryGetValue(slug, out var prior) ? prior + 1 : 0;
        seen[slug] = k;
        slugs.Add(k == 0 ? slug : $"{slug}-{k}");
    }
    return slugs;
}
