"""The Python reference tokenizer (elman_tokenizer, shown verbatim in docs/tokenizer.md) against Elman's:
hand-written cases, and Elman's own tokenizer on every Unicode code point (TokenizerDump.cs)."""
import collections
import json
import os
import subprocess
import unicodedata
import unittest

import elman_tokenizer
import fixtures
import report

WORD = {"version": 2, "kind": "word", "lowercase": True, "case_mapping": "simple", "normalization": "none",
        "word_categories": ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc"], "inner_apostrophes": "'\u2019"}
CHAR = {"version": 2, "kind": "char", "lowercase": True, "case_mapping": "simple", "normalization": "none",
        "whitespace": elman_tokenizer.VERSION_1_RULES["whitespace"]}
CHAR_V1 = {"kind": "char", "lowercase": True}

TABLE = "Tokenizer: Elman (.NET) against the Python reference on every code point alone"
COLUMNS = ("tokenizer", "code points", "agree", "differ (all unassigned in Python's Unicode)")


def hex_tokens(tokens):
    return ",".join(".".join(f"{ord(c):X}" for c in token) for token in tokens)


class Tokenizer(unittest.TestCase):
    def test_hand_written_cases(self):
        # The same cases as tests/Elman.Tests/Data/Text/TokenizerTests.cs, expected tokens written by hand.
        cases = [
            (CHAR, "  Jean  Luc ", "j|e|a|n| |l|u|c"), (CHAR, "a\tb\r\nc", "a| |b| |c"), (CHAR, "a\u00a0\u2003\u3000b", "a| |b"),
            (CHAR, "a\u200bb\u001fc", "a|\u200b|b|\u001f|c"), (CHAR, "😀x", "😀|x"), (CHAR, "", ""),
            (WORD, "Don't STOP—now", "don't|stop|now"), (WORD, "'quoted' it's", "quoted|it's"),
            (WORD, "rock’n’roll ''twas a''b '", "rock’n’roll|twas|a|b"), (WORD, "snake_case 3.14", "snake_case|3|14"),
            (WORD, "x² Ⅻ ½cup", "x²|ⅻ|½cup"), (WORD, "ΟΔΟΣ σοφός", "οδοσ|σοφός"), (WORD, "hi😀there #tag", "hi|there|tag"),
            (WORD, "İSTANBUL Iı", "istanbul|iı"), ({"kind": "word", "lowercase": True}, "İSTANBUL Iı", "İstanbul|iı"),
            ({**WORD, "lowercase": False}, "Ab C İ", "Ab|C|İ"),
        ]
        for settings, text, expected in cases:
            self.assertEqual(elman_tokenizer.tokenize(text, settings), expected.split("|") if expected else [], text)

    def test_encode_truncates_and_never_returns_nothing(self):
        metadata = {"tokenizer": json.dumps(WORD), "vocab": json.dumps(["<pad>", "<unk>", "a", "b", "c"]), "max_length": "3"}
        self.assertEqual(elman_tokenizer.encode("a b x c", metadata), [2, 3, 1])
        self.assertEqual(elman_tokenizer.encode("a b x c", {**metadata, "keep": "last"}), [3, 1, 4])
        self.assertEqual(elman_tokenizer.encode("!! ??", metadata), [1])

    def test_every_code_point_agrees_with_elman(self):
        dump = subprocess.run(["dotnet", "run", "-c", "Release", os.path.join(os.path.dirname(__file__), "TokenizerDump.cs")],
                              capture_output=True, text=True, cwd=fixtures.REPO)
        self.assertEqual(dump.returncode, 0, dump.stderr + dump.stdout[-2000:])
        # tokenize() with the rules parsed once: what it does for each of these settings, 3.3 million times.
        categories, apostrophes = set(WORD["word_categories"]), set(WORD["inner_apostrophes"])
        whitespace = set(CHAR["whitespace"])
        tokenizers = {
            "word": lambda c: elman_tokenizer.word_tokens(elman_tokenizer.lowercase(c, 2), categories, apostrophes),
            "char": lambda c: elman_tokenizer.char_tokens(elman_tokenizer.lowercase(c, 2), whitespace),
            "char, version 1": lambda c: elman_tokenizer.char_tokens(elman_tokenizer.lowercase(c, 1), whitespace),
        }
        for name, settings in (("word", WORD), ("char", CHAR), ("char, version 1", CHAR_V1)):
            for c in "aZİΣ _'\u3000\u001f😀":
                self.assertEqual(tokenizers[name](c), elman_tokenizer.tokenize(c, settings))
        counts = collections.Counter()
        wrong = []
        for line in dump.stdout.splitlines():
            code, *elman = line.split("\t")
            c = chr(int(code, 16))
            for (name, tokenize), got in zip(tokenizers.items(), elman):
                agree = hex_tokens(tokenize(c)) == got
                counts[name, agree] += 1
                # Python 3.11's tables are Unicode 14.0; .NET 10's are 16.0: only code points Python does not know may differ.
                if not agree and unicodedata.category(c) != "Cn":
                    wrong.append(f"U+{code} ({unicodedata.category(c)}), {name}: Elman {got}, Python {hex_tokens(tokenize(c))}")
        for name in ("word", "char", "char, version 1"):
            report.add(TABLE, COLUMNS, (name, str(counts[name, True] + counts[name, False]), str(counts[name, True]), str(counts[name, False])))
        self.assertEqual(counts["word", True] + counts["word", False], 0x110000 - 0x800)
        self.assertEqual(wrong, [])


class DocsShowTheTestedCode(unittest.TestCase):
    """The docs' code blocks are the files the tests import, character for character."""

    def check(self, doc, module):
        with open(os.path.join(fixtures.REPO, "docs", doc), encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(os.path.dirname(__file__), module), encoding="utf-8") as f:
            code = f.read()
        self.assertIn("```python\n" + code + "```\n", text, f"docs/{doc} must show tests/interop/{module} verbatim")

    def test_tokenizer_doc(self):
        self.check("tokenizer.md", "elman_tokenizer.py")

    def test_pytorch_interop_doc(self):
        self.check("pytorch-interop.md", "elman_torch.py")
        self.check("pytorch-interop.md", "safetensors_np.py")
