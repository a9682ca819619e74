#:project ../../src/Elman/Elman.csproj
#:property InvariantGlobalization=true
// Elman's tokenizer on every code point alone, for test_tokenizer.py to compare with the Python reference.
// Run: dotnet run -c Release tests/interop/TokenizerDump.cs > dump.tsv
// One line per Unicode scalar value: code point, then the tokens of the word (version 2), char
// (version 2) and char (version 1) tokenizers, lowercasing; tokens as hex code points joined by '.',
// several tokens by ','.
using System.Text;
using Elman.Data.Text;

var word = new Tokenizer(TokenizerKind.Word);
var chars = new Tokenizer(TokenizerKind.Char);
var charsV1 = new Tokenizer(TokenizerKind.Char, Version: 1);
var output = new StringBuilder();
using var stdout = Console.OpenStandardOutput();
for (int cp = 0; cp <= 0x10FFFF; cp++)
{
    if (!Rune.IsValid(cp)) continue;
    string text = new Rune(cp).ToString();
    output.Append(cp.ToString("X")).Append('\t').Append(Hex(word.Tokenize(text))).Append('\t')
        .Append(Hex(chars.Tokenize(text))).Append('\t').Append(Hex(charsV1.Tokenize(text))).Append('\n');
    if (output.Length > 1 << 20) Flush();
}
Flush();

void Flush()
{
    var bytes = Encoding.ASCII.GetBytes(output.ToString());
    stdout.Write(bytes);
    output.Clear();
}

static string Hex(List<string> tokens)
    => string.Join(",", tokens.Select(t => string.Join(".", t.EnumerateRunes().Select(r => r.Value.ToString("X")))));
