"""What the interop tests share: the built `elman` CLI, a scratch folder, generated data, and the models
of every kind, each trained once per run (small and a few epochs, so the suite takes seconds)."""
import atexit
import functools
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import tempfile

import numpy as np

import safetensors_np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ.get("ELMAN_CLI", os.path.join(REPO, "src", "Elman.Cli", "bin", "Release", "net10.0", "elman.dll"))
WORK = tempfile.mkdtemp(prefix="elman-interop-")
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
_numbers = itertools.count()


def path(name):
    return os.path.join(WORK, name)


def elman(*args):
    """Runs the CLI; returns stdout, or raises with its stderr."""
    command = (["dotnet", CLI] if CLI.endswith(".dll") else [CLI]) + [str(a) for a in args]
    r = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", cwd=WORK)
    if r.returncode != 0:
        raise AssertionError(f"elman {' '.join(map(str, args))} exited {r.returncode}: {r.stderr.strip()}")
    return r.stdout


# Words of two classes; each has non-ASCII, apostrophes, digits, underscores and mixed case in it, so
# the vocabulary holds the tokens a wrong tokenizer would cut differently.
CLASS_WORDS = [
    ["İstanbul", "ΟΔΟΣ", "Straße", "don't", "rock’n’roll", "snake_case", "x²", "Ⅻ", "Zoë", "ǅemal", "café", "naïve", "l'homme", "2024", "٣٤", "東京"],
    ["ISTANBUL", "οδος", "STRASSE", "dont", "rock", "roll", "snake", "case", "x2", "12", "zoe", "dzemal", "cafe", "naive", "homme", "ｔｏｋｙｏ"],
]
FILLER = ["the", "a", "and", "of", "THE", "And", "😀", "👍🏽", "—", "...", "K", "ﬁne", "e\u0301te", "Σίσυφος", "ΣΊΣΥΦΟΣ"]


def labelled_texts(count, seed):
    """[(text, label)]: a few words of the label's class among filler, joined by varied white space and punctuation."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        label = i % 2
        words = [rng.choice(CLASS_WORDS[label]) for _ in range(rng.randint(1, 4))] + [rng.choice(FILLER) for _ in range(rng.randint(0, 3))]
        rng.shuffle(words)
        text = "".join(w + rng.choice([" ", "  ", ", ", "\t", "! ", " - ", "\u00a0"]) for w in words).strip()
        rows.append((text, ["north", "south"][label]))
    return rows


def write_jsonl(name, rows):
    with open(path(name), "w", encoding="utf-8") as f:
        for text, label in rows:
            f.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    return path(name)


TEXT_ARGS = ["--min-freq", "1", "--embedding", "6", "--hidden", "8", "--epochs", "6", "--lr", "0.02", "--batch", "16", "--threads", "1"]
TASK_ARGS = ["--length", "12", "--train-size", "256", "--test-size", "64", "--epochs", "2", "--hidden", "8", "--threads", "1"]

# Every kind of model Elman trains: name -> training arguments.
KINDS = {
    "dense, 1 layer, tanh": ["--task", "temporal-order", *TASK_ARGS],
    "dense, 2 layers, relu": ["--task", "temporal-order", "--layers", "2", "--nonlinearity", "relu", *TASK_ARGS],
    "dense, 3 layers, bidirectional, dropout": ["--task", "parity", "--layers", "3", "--bidirectional", "--dropout", "0.2", *TASK_ARGS],
    "dense, regression": ["--task", "adding", "--nonlinearity", "relu", *TASK_ARGS],
    "tokens, word, 1 layer": ["--tokenizer", "word", "--max-length", "6", "--keep-tokens", "last", *TEXT_ARGS],
    "tokens, char, 2 layers, bidirectional, relu": ["--tokenizer", "char", "--max-length", "24", "--layers", "2", "--bidirectional", "--nonlinearity", "relu", *TEXT_ARGS],
    "tokens, ensemble of 2, bidirectional": ["--tokenizer", "word", "--ensemble", "2", "--bidirectional", "--max-length", "8", *TEXT_ARGS],
    "dense, 1 layer, max pooling": ["--task", "temporal-order", "--pooling", "max", *TASK_ARGS],
    "dense, 2 layers, bidirectional, mean pooling": ["--task", "parity", "--layers", "2", "--bidirectional", "--pooling", "mean", *TASK_ARGS],
    "tokens, word, bidirectional, max pooling": ["--tokenizer", "word", "--max-length", "8", "--bidirectional", "--pooling", "max", *TEXT_ARGS],
    "tokens, ensemble of 2, bidirectional, mean pooling": ["--tokenizer", "word", "--ensemble", "2", "--bidirectional", "--pooling", "mean", "--max-length", "8", *TEXT_ARGS],
}


def slug(kind):
    """A model kind as a name for files and tests: "dense, 1 layer, tanh" → "dense_1_layer_tanh"."""
    return re.sub(r"[^a-z0-9]+", "_", kind).strip("_")


@functools.lru_cache(maxsize=None)
def model(kind):
    """The checkpoint of KINDS[kind], trained on first use."""
    out = path(slug(kind) + ".safetensors")
    args = KINDS[kind]
    if args[0] == "--tokenizer":
        args = ["--data", write_jsonl("train.jsonl", labelled_texts(240, seed=1)), *args]
    elman("train", *args, "--out", out)
    return out


def batch(config, seed, batch_size=5, steps=9, name=None):
    """A batch file with ragged lengths (1 … steps, the longest included) and garbage in the padding,
    which must change nothing: (path, tensors)."""
    rng = np.random.default_rng(seed)
    lengths = np.concatenate([[steps, 1], rng.integers(1, steps + 1, batch_size - 2)]).astype(np.int64)
    tensors = {}
    if config.get("vocab_size", 0) > 0:
        tensors["tokens"] = rng.integers(1, config["vocab_size"], (batch_size, steps)).astype(np.int64)
    else:
        tensors["x"] = rng.standard_normal((batch_size, steps, config["input_size"])).astype(np.float32)
    if config.get("head") == "regression":
        tensors["y"] = rng.standard_normal(batch_size).astype(np.float32)
    else:
        tensors["y"] = rng.integers(0, config["num_classes"], batch_size).astype(np.int64)
    tensors["lengths"] = lengths
    file = path(name or f"batch-{next(_numbers)}.safetensors")
    safetensors_np.save(file, tensors)
    return file, tensors


def relative_error(actual, expected):
    """max |actual − expected| / max |expected| over one tensor (1 when expected is all zero and actual is not)."""
    actual, expected = np.asarray(actual, np.float64), np.asarray(expected, np.float64)
    scale = np.max(np.abs(expected)) if expected.size else 0.0
    diff = np.max(np.abs(actual - expected)) if expected.size else 0.0
    return diff / scale if scale > 0 else (0.0 if diff == 0 else 1.0)
