"""Text models: `elman predict --json` gives the probabilities PyTorch computes on the token ids of the
Python reference tokenizer (elman_tokenizer, the code docs/tokenizer.md shows), on 200+ texts with
non-ASCII letters, apostrophes, digits, underscores, mixed case, İ/ς/ß and emoji."""
import json
import re
import unittest

import numpy as np
import torch

import elman_tokenizer
import elman_torch
import fixtures
import report
import safetensors_np

TABLE = "Text probabilities against `elman predict --json`: max |Δp| over all texts and classes"
COLUMNS = ("model", "texts", "reference tokenizer", "naive tokenizer", "texts the naive one gets wrong")

TRICKY = [
    "İstanbul", "İSTANBUL", "istanbul", "ΟΔΟΣ", "οδος", "ὈΔΌΣ", "Σίσυφος ΣΊΣΥΦΟΣ", "Straße STRASSE strasse", "ẞ",
    "don't", "Don’t", "'don't'", "l'homme", "rock’n’roll", "''twas", "it''s", "a'", "'a", "x'2",
    "snake_case", "__init__", "_", "x² ½ Ⅻ ⅻ", "2024-12-01", "٣٤ ٣", "3.14", "ǅemal ǄEMAL", "K (Kelvin)",
    "ﬁne", "e\u0301te", "café CAFÉ", "Zoë", "😀", "👍🏽 great", "hi😀there", "東京 タワー", "ｔｏｋｙｏ", "Ⓐ ⓐ",
    "a\u00a0b\u2003c\u3000d", "a\u001fb", "a\u200bb", "tab\tand\nnewline", "!!!", "…", "#hashtag @user",
    "𝐀𝐁𝐂 math", "ꭰ Ꭰ cherokee",
    " ".join(["don't"] * 12), " ".join(fixtures.CLASS_WORDS[0] + fixtures.CLASS_WORDS[1]),
]


def texts():
    """The hand-written tricky texts, then generated ones in the training data's style."""
    return TRICKY + [text for text, _ in fixtures.labelled_texts(200, seed=7)]


def naive_tokens(text, kind):
    """What the README's one-line description suggests: str.lower(), then \\w+ words or characters."""
    text = text.lower()
    return re.findall(r"\w+", text) if kind == "word" else list(" ".join(text.split()))


def torch_probabilities(model, ids):
    """Softmax of the model on id sequences (padded with 0), float64."""
    lengths = torch.tensor([len(s) for s in ids])
    tokens = torch.zeros(len(ids), int(lengths.max()), dtype=torch.int64)
    for i, s in enumerate(ids):
        tokens[i, :len(s)] = torch.tensor(s)
    with torch.no_grad():
        return torch.softmax(model.double()(tokens, lengths), dim=1).numpy()


def naive_ids(text, metadata):
    settings = json.loads(metadata["tokenizer"])
    vocab = {t: i for i, t in enumerate(json.loads(metadata["vocab"])) if i >= 2}
    tokens = naive_tokens(text, settings["kind"]) or ["<unk>"]
    n = int(metadata["max_length"])
    tokens = tokens[-n:] if metadata.get("keep") == "last" else tokens[:n]
    return [vocab.get(t, 1) for t in tokens]


class TextPredict(unittest.TestCase):
    def check(self, name, checkpoint):
        corpus = texts()
        self.assertGreaterEqual(len(corpus), 200)
        model, metadata = elman_torch.load(checkpoint)
        classes = json.loads(metadata["class_names"])
        inputs = fixtures.write_jsonl("predict.jsonl", [(t, "") for t in corpus])
        lines = fixtures.elman("predict", "--model", checkpoint, "--input", inputs, "--json").splitlines()
        self.assertEqual(len(lines), len(corpus))
        predicted = [json.loads(line) for line in lines]
        self.assertEqual([p["text"] for p in predicted], corpus, "predict echoes each text unchanged")
        elman_p = np.array([[p["probabilities"][c] for c in classes] for p in predicted])
        reference = torch_probabilities(model, [elman_tokenizer.encode(t, metadata) for t in corpus])
        naive = torch_probabilities(model, [naive_ids(t, metadata) for t in corpus])
        reference_error = np.abs(elman_p - reference).max(axis=1)
        naive_error = np.abs(elman_p - naive).max(axis=1)
        report.add(TABLE, COLUMNS, (name, str(len(corpus)), reference_error.max(), naive_error.max(), str(int((naive_error > 1e-4).sum()))))
        worst = int(reference_error.argmax())
        self.assertLess(reference_error.max(), 1e-5, f"{name}: text {corpus[worst]!r}")
        # The texts exercise the rules: a tokenizer that gets them wrong is caught.
        self.assertGreater(int((naive_error > 1e-4).sum()), 5, f"{name}: the naive tokenizer should differ on some texts")

    def test_word_model(self):
        self.check("word (version 2)", fixtures.model("tokens, word, 1 layer"))

    def test_char_model(self):
        self.check("char, bidirectional (version 2)", fixtures.model("tokens, char, 2 layers, bidirectional, relu"))

    def test_ensemble(self):
        self.check("word, ensemble of 2 (version 2)", fixtures.model("tokens, ensemble of 2, bidirectional"))

    def test_version_1_checkpoints_read_as_before(self):
        """A checkpoint written before tokenizer versions, {"kind":"word","lowercase":true}, keeps "İ"."""
        tensors, metadata = safetensors_np.load(fixtures.model("tokens, word, 1 layer"))
        metadata["tokenizer"] = json.dumps({"kind": "word", "lowercase": True}, separators=(",", ":"))
        vocab = json.loads(metadata["vocab"])
        vocab[-1] = "İstanbul"        # so that keeping "İ" matters to the ids
        metadata["vocab"] = json.dumps(vocab, ensure_ascii=False)
        metadata.pop("content_sha256", None)   # an edited file is not the one Elman sealed: saved as an older Elman (or PyTorch) would
        old = fixtures.path("version-1.safetensors")
        safetensors_np.save(old, tensors, metadata)
        self.assertNotEqual(elman_tokenizer.encode("İstanbul", metadata), elman_tokenizer.encode("istanbul", metadata))
        self.check("word (version 1 metadata)", old)
