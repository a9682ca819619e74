"""Elman's tokenizer and text encoder in Python's standard library: the reference docs/tokenizer.md shows, verbatim.

encode(text, metadata) gives the token ids Elman feeds a text model, from the checkpoint's __metadata__
alone ("tokenizer", "vocab", "max_length", "keep").
"""
import json
import unicodedata

# Version 1 (settings without "version") wrote no rules; these are the ones it applied.
VERSION_1_RULES = {
    "normalization": "none",
    "word_categories": ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc"],
    "inner_apostrophes": "'\u2019",
    "whitespace": "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                  "\u2028\u2029\u202f\u205f\u3000",
}


def lowercase(text, version):
    """Unicode's simple lowercase mapping, one code point at a time. str.lower() on a single character
    is that mapping for every code point but U+0130 'İ' (its full mapping is 'i' + U+0307), and it never
    applies the final-sigma rule (a lone 'Σ' has no letter before it). Version 1 kept 'İ'."""
    dotted_capital_i = "\u0130" if version == 1 else "i"
    return "".join(dotted_capital_i if c == "\u0130" else c.lower() for c in text)


def tokenize(text, settings):
    """The tokens of text under the settings stored in __metadata__["tokenizer"] (parsed JSON)."""
    version = settings.get("version", 1)
    if version not in (1, 2):
        raise ValueError(f"tokenizer version {version} is not 1 or 2")
    rules = VERSION_1_RULES if version == 1 else settings
    if rules["normalization"] != "none" or settings.get("case_mapping", "simple") != "simple":
        raise ValueError(f"unknown tokenizer rules {settings}")
    if settings.get("lowercase", True):
        text = lowercase(text, version)
    if settings["kind"] == "char":
        return char_tokens(text, set(rules["whitespace"]))
    return word_tokens(text, set(rules["word_categories"]), set(rules["inner_apostrophes"]))


def char_tokens(text, whitespace):
    """One token per code point; a run of white space between two other code points is one ' '."""
    tokens, pending_space = [], False
    for c in text:
        if c in whitespace:
            pending_space = bool(tokens)
            continue
        if pending_space:
            tokens.append(" ")
        pending_space = False
        tokens.append(c)
    return tokens


def word_tokens(text, categories, apostrophes):
    """Maximal runs of word characters (general category in categories); an apostrophe inside a word,
    with a word character after it, belongs to the word."""
    def is_word(c):
        return unicodedata.category(c) in categories

    tokens, word = [], ""
    for i, c in enumerate(text):
        if is_word(c) or (c in apostrophes and word and i + 1 < len(text) and is_word(text[i + 1])):
            word += c
        elif word:
            tokens.append(word)
            word = ""
    if word:
        tokens.append(word)
    return tokens


def encode(text, metadata):
    """Token ids: 0 is padding, 1 unknown; a text without tokens is one unknown; longer than
    max_length, the first (keep "first") or last (keep "last") max_length tokens are kept."""
    tokens = tokenize(text, json.loads(metadata["tokenizer"]))
    vocab = json.loads(metadata["vocab"])
    ids = {token: i for i, token in enumerate(vocab) if i >= 2}
    if not tokens:
        return [1]
    n = int(metadata.get("max_length", len(tokens)))
    tokens = tokens[-n:] if metadata.get("keep", "first") == "last" else tokens[:n]
    return [ids.get(token, 1) for token in tokens]
