using System.Text;

namespace Elman.Cluster.Tests.Support;

/// <summary>Small labelled texts for cluster jobs: two classes of letter strings drawn from overlapping alphabets.</summary>
static class TextData
{
    public static void Write(string path, int rows, int seed = 1)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("text,label\n");
        for (int i = 0; i < rows; i++)
        {
            bool first = i % 2 == 0;
            string letters = first ? "abcdefgh" : "efghijkl";
            int length = random.Next(4, 16);
            for (int k = 0; k < length; k++) csv.Append(letters[random.Next(letters.Length)]);
            csv.Append(first ? ",first\n" : ",second\n");
        }
        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>Texts to classify, one per line.</summary>
    public static void WriteLines(string path, int lines, int seed = 2)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            int length = random.Next(2, 14);
            for (int k = 0; k < length; k++) text.Append("abcdefghijkl"[random.Next(12)]);
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }
}
