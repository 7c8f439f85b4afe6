"""argos' `BPETokenizer` against two independent CLIP tokenizers on the real CLIP vocabulary.

dino.txt tokenises with OpenAI CLIP's `SimpleTokenizer` on `bpe_simple_vocab_16e6.txt.gz`. That file ships inside
the `open-clip-torch` wheel on PyPI, next to open_clip's copy of the same tokenizer. At test time the wheel (pinned
version, no dependencies) is fetched once with pip into a user cache folder and the two files are read out of the
zip; nothing of it is committed. The references:

1. open_clip's `SimpleTokenizer` (`clean="lower"`: `ftfy.fix_text`, double `html.unescape`, whitespace collapse,
   lower-case), run on the raw strings: the whole pipeline, cleaning included. It differs from dino.txt's copy in
   two places: it names its special tokens `<start_of_text>`/`<end_of_text>`, so it reads a literal `<|endoftext|>`
   as punctuation and letters (strings whose cleaned text spells a special token are left out of this comparison);
   it collapses whitespace with `str.split()` instead of the regex `\\s+` (they differ only on U+001C..U+001F,
   which `ftfy.fix_text` has already removed).
2. `transformers.CLIPTokenizer` (5.x: the Rust `tokenizers` BPE; despite older documentation it runs neither ftfy nor
   HTML unescaping, only NFC, whitespace collapse and lower-casing) built from vocab/merges derived from the file the
   standard way, run on text passed through CLIP's `basic_clean` (ftfy, double unescape, strip) written out below: an
   independent check of the splitting and the merges. It lower-cases character by character (a word-final `Σ`
   becomes `σ` where Python's `str.lower`, which CLIP uses, gives `ς`) and finds special tokens before lower-casing,
   so strings where either matters are left out of this comparison.
Every string is compared with at least one reference; the few left out of both are pinned by value below.

Run `python tests/test_tokenizer_reference.py` to print every string on which argos differs.
"""
import hashlib, html, importlib.util, os, shutil, subprocess, sys, tempfile, unicodedata, zipfile
from pathlib import Path

import pytest

OPEN_CLIP_VERSION = "3.3.0"
VOCAB_MEMBER, TOKENIZER_MEMBER = "open_clip/bpe_simple_vocab_16e6.txt.gz", "open_clip/tokenizer.py"
VOCAB_SHA256 = "924691ac288e54409236115652ad4aa250f48203de50a9e4722a6ecd48d6804a"
CONTEXT = 77


def cache_dir() -> Path:
    "`$ARGOS_TEST_CACHE`, else `$XDG_CACHE_HOME/argos/reference` (default `~/.cache/argos/reference`)."
    if os.environ.get("ARGOS_TEST_CACHE"): return Path(os.environ["ARGOS_TEST_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "argos" / "reference"


def reference_files() -> Path:
    "Folder holding the real vocabulary and open_clip's tokenizer.py, extracted from the pinned wheel (fetched once)."
    out = cache_dir() / f"open_clip_torch-{OPEN_CLIP_VERSION}"
    if (out / "bpe_simple_vocab_16e6.txt.gz").is_file() and (out / "tokenizer.py").is_file(): return out
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        cmd = [sys.executable, "-m", "pip", "download", f"open-clip-torch=={OPEN_CLIP_VERSION}", "--no-deps",
               "--only-binary=:all:", "-q", "-d", tmp]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        wheels = list(Path(tmp).glob("open_clip_torch-*.whl"))
        if run.returncode or not wheels:
            pytest.skip(f"could not fetch open-clip-torch=={OPEN_CLIP_VERSION} from the package registry (unreachable?): "
                        f"{(run.stderr or run.stdout).strip()[-300:]}")
        stage = Path(tmp) / "files"; stage.mkdir()
        with zipfile.ZipFile(wheels[0]) as z:
            (stage / "bpe_simple_vocab_16e6.txt.gz").write_bytes(z.read(VOCAB_MEMBER))
            (stage / "tokenizer.py").write_bytes(z.read(TOKENIZER_MEMBER))
        if out.exists(): shutil.rmtree(out)
        stage.rename(out)
    return out


# --------------------------------------------------------------------------------------------- the strings
_NOUNS = ["red cube", "blue block", "green puck", "yellow ball", "top drawer", "door handle", "coffee mug",
          "window", "peg", "t-shaped block", "faucet", "small bin"]
_VERBS = ["push the {} to the left", "pick up the {} and place it on the shelf", "open the {}", "close the {}",
          "slide the {} 3 cm forward", "move the {} next to the goal", "don't touch the {}", "turn the {} clockwise"]


def robot_instructions() -> list[str]:
    "96 instructions of the kind argos conditions on."
    return [v.format(n) for i, v in enumerate(_VERBS) for n in _NOUNS]


def curly(s: str) -> str: return s.replace("'", "\u2019")
def shout(s: str) -> str: return s.upper()
def title(s: str) -> str: return s.title()
def spaced(s: str) -> str: return "  " + s.replace(" ", " \t\n  ") + " \u3000"
def escaped(s: str) -> str: return html.escape(s, quote=True).replace("&", "&amp;", 1)
def fullwidth(s: str) -> str: return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


ACCENTED = ["café", "naïve façade", "crème brûlée", "São Paulo", "Zürich", "Łódź", "résumé", "Ångström",
            "mañana", "Ærøskøbing", "Dvořák", "İstanbul", "straße", "ﬁnd the ﬂag", "ǅemal", "Ωmega Σίσυφος"]

SPECIAL = [
    # empty and blank
    "", " ", "\n\t", "\u3000", "&nbsp;", "&amp;nbsp;",
    # curly quotes and apostrophes
    "it’s", "It’s", "don’t push", "we’re", "they’ve", "I’m", "you’ll", "she’d", "‘single’", "“double”",
    "it‘s", "„German“", "«French»", "it′s", "it`s", "it´s", "IT’S", "it’S",
    # contractions, straight
    "it's", "I'M", "you're", "we've", "they'll", "he'd", "it's'd", "'s", "rock'n'roll",
    # punctuation
    "stop!", "what?!", "wait...", "a, b; c: d", "(red) [blue] {green}", "50% off", "a/b\\c", "#1 @home",
    "x = y + z * 2", "~~strike~~", "email me: robot@example.org", "https://example.org/a?b=c&d=e", "--", "?!?!",
    "“”‘’", "…", "—dash—", "a–b", "¿qué?", "¡hola!", "§3.2", "©®™", "°C", "±0.5",
    # numbers
    "0", "42", "3.14159", "1,000,000", "12:30", "2024-01-31", "-7", "1e-3", "0x1F", "٣٤٥", "１２３", "½ ¾", "²³",
    "Ⅻ", "①②③", "10kg", "move 10cm", "7th", "3rd place",
    # case
    "PUSH THE RED CUBE", "Push The Red Cube", "pUsH tHe ReD cUbE", "ÉCOLE", "ΣΊΣΥΦΟΣ", "ǄEMAL",
    # full-width and compatibility forms
    "ＰＵＳＨ ｔｈｅ ｒｅｄ ｃｕｂｅ", "ｐｉｃｋ　ｕｐ", "！？", "ﾊﾝｶｸ", "㎏", "™", "ﬀ ﬃ ﬄ ﬅ", "Ǆ ǅ ǆ", "ŉ",
    # emoji
    "🤖 push the 🟥 block", "👍🏽", "👨‍👩‍👧", "🇫🇷🇩🇪", "❤️", "☕ café", "1️⃣", "🙂🙂🙂", "robot🤖arm",
    # scripts
    "把红色方块推到左边", "赤いキューブを押して", "빨간 큐브를 밀어", "ادفع المكعب الأحمر", "דחוף את הקובייה",
    "लाल घन को धक्का दो", "ผลักลูกบาศก์สีแดง", "толкни красный куб", "Σπρώξε τον κύβο", "Kırmızı küpü it",
    # mojibake (UTF-8 read as Windows-1252 / Latin-1)
    "cafÃ©", "donâ€™t", "â€œquotedâ€\x9d", "Ã¡rbol", "naÃ¯ve", "The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows.",
    "Ã\xa0 la carte", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "â€¦", "Ã¼ber",
    # control characters, invisible and odd spaces
    "push\x00the\x07cube", "\x1b[31mred\x1b[0m cube", "a\x0bb", "a\x0cb", "a\x85b", "a\x1cb\x1fc", "line\u2028break",
    "para\u2029graph", "zero\u200bwidth", "\ufeffbom", "soft\xadhyphen", "a\xa0b", "thin\u2009space", "a\u200db",
    "\x7fdel", "c1\x80\x9fcontrols", "tab\tsep", "cr\r\nlf", "a\u180eb", "\u202eevil",
    # HTML entities
    "&amp;amp;amp;", "&amp;amp;", "&amp;", "&lt;b&gt;bold&lt;/b&gt;", "&quot;hi&quot;", "it&#39;s", "it&#x27;s",
    "it&rsquo;s", "it&amp;#8217;s", "caf&eacute;", "&amp;lt;", "AT&T", "&notanentity;", "&#0;", "&#28;", "&#xD800;",
    "&#x1F916; robot", "&copy 2024", "a &amp b", "&lt;|endoftext|&gt;",
    # lone surrogates and a surrogate pair
    "a\ud800b", "\udfff", "\ud83d\ude00", "push \udc80 it",
    # decomposed forms directly
    "cafe\u0301", "n\u0303", "e\u0301\u0301", "\u0301 alone",
    # over-long
    "push the red cube " * 30, "1234567890" * 20, "a" * 300, "🤖" * 100, "supercalifragilisticexpialidocious " * 10,
    "it’s " * 60, "&amp;amp;amp; " * 40, "pneumonoultramicroscopicsilicovolcanoconiosis",
]

SPECIAL_TOKEN_STRINGS = ["<|endoftext|>", "<|startoftext|> hi", "push <|endoftext|> it", "<|ENDOFTEXT|>"]
SPECIAL_TOKENS = ("<|startoftext|>", "<|endoftext|>")


def reference_strings() -> list[str]:
    "A few hundred varied strings (robot instructions and their variants, accents in both normal forms, the cases above)."
    instr = robot_instructions()
    out = list(instr)
    for i, s in enumerate(instr):                     # one variant of each instruction, cycling through the kinds
        out.append((curly, shout, title, spaced, escaped, fullwidth)[i % 6](s))
    for s in ACCENTED:
        out += [unicodedata.normalize("NFC", s), unicodedata.normalize("NFD", s), unicodedata.normalize("NFKD", s)]
    out += SPECIAL + SPECIAL_TOKEN_STRINGS
    return list(dict.fromkeys(out))                   # keep order, drop duplicates


# --------------------------------------------------------------------------------------------- the references
def basic_clean(text: str) -> str:
    "CLIP's `basic_clean`: ftfy, HTML unescaped twice, stripped (whitespace and case are left to the tokenizer)."
    import ftfy
    return html.unescape(html.unescape(ftfy.fix_text(text))).strip()


def open_clip_applies(text: str) -> bool:
    "open_clip renamed the special tokens: compare only strings whose cleaned text spells none."
    return not any(t in basic_clean(text).lower() for t in SPECIAL_TOKENS)


def transformers_applies(text: str) -> bool:
    "Compare only strings that lower-case the same character by character and spell special tokens in lower case."
    c = basic_clean(text)
    return (c.lower() == "".join(ch.lower() for ch in c)
            and all(c.lower().count(t) == c.count(t) for t in SPECIAL_TOKENS))


@pytest.fixture(scope="module")
def files() -> Path:
    out = reference_files()
    digest = hashlib.sha256((out / "bpe_simple_vocab_16e6.txt.gz").read_bytes()).hexdigest()
    assert digest == VOCAB_SHA256, f"the vocabulary in open-clip-torch=={OPEN_CLIP_VERSION} changed: sha256 {digest}"
    return out


def load_open_clip(folder: Path):
    "open_clip's `SimpleTokenizer` on the real vocabulary, imported from the extracted tokenizer.py."
    spec = importlib.util.spec_from_file_location("open_clip_reference_tokenizer", folder / "tokenizer.py")
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod, mod.SimpleTokenizer(str(folder / "bpe_simple_vocab_16e6.txt.gz"), context_length=CONTEXT)


def load_transformers(folder: Path, byte_table: dict[int, str]):
    "`transformers.CLIPTokenizer` from vocab/merges derived from the gzip file (the layout of the hub's vocab.json/merges.txt)."
    import gzip
    from transformers import CLIPTokenizer
    lines = gzip.decompress((folder / "bpe_simple_vocab_16e6.txt.gz").read_bytes()).decode("utf-8").split("\n")
    merges = [tuple(l.split()) for l in lines[1:49152 - 256 - 2 + 1]]
    symbols = list(byte_table.values())
    symbols += [s + "</w>" for s in symbols] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    return CLIPTokenizer(vocab={s: i for i, s in enumerate(symbols)}, merges=merges)


@pytest.fixture(scope="module")
def refs(files):
    mod, oc = load_open_clip(files)
    return oc, load_transformers(files, mod.bytes_to_unicode())


@pytest.fixture(scope="module")
def ours(files):
    from argos.text_encoder import BPETokenizer
    return BPETokenizer(files / "bpe_simple_vocab_16e6.txt.gz", context_length=CONTEXT)


def argos_rows(tok, texts: list[str]) -> list[list[int] | str]:
    "argos' ids per string, SOT..EOT without padding, or the error it raised as text."
    out = []
    for t in texts:
        try:
            ids, mask = tok([t])
            out.append(ids[0, mask[0]].tolist())
        except Exception as e: out.append(f"{type(e).__name__}: {e}")
    return out


def open_clip_rows(oc, texts: list[str]) -> list[list[int] | str]:
    out = []
    for t in texts:
        try:
            row = oc([t])[0]
            out.append(row[: int((row != 0).sum())].tolist())
        except Exception as e: out.append(f"{type(e).__name__}: {e}")
    return out


def transformers_rows(hf, texts: list[str]) -> list[list[int]]:
    return hf([basic_clean(t) for t in texts], truncation=True, max_length=CONTEXT)["input_ids"]


def differences(texts, got, want) -> list[tuple[str, object, object]]:
    return [(t, g, w) for t, g, w in zip(texts, got, want) if g != w]


# --------------------------------------------------------------------------------------------- the tests
def test_enough_varied_strings():
    texts = reference_strings()
    assert len(texts) >= 300, len(texts)
    assert any(len(t) > 500 for t in texts) and "" in texts
    assert sum(open_clip_applies(t) or transformers_applies(t) for t in texts) >= len(texts) - 2


def test_references_agree(refs):
    "The two references agree with each other wherever both apply (else the comparisons below would prove little)."
    oc, hf = refs
    texts = [t for t in reference_strings() if open_clip_applies(t) and transformers_applies(t)]
    diff = differences(texts, open_clip_rows(oc, texts), transformers_rows(hf, texts))
    assert not diff, f"{len(diff)} strings where open_clip and transformers disagree, e.g. {diff[:3]!r}"


def test_argos_matches_open_clip(ours, refs):
    texts = [t for t in reference_strings() if open_clip_applies(t)]
    diff = differences(texts, argos_rows(ours, texts), open_clip_rows(refs[0], texts))
    assert not diff, f"argos differs from open_clip's CLIP tokenizer on {len(diff)} of {len(texts)} strings: {diff[:5]!r}"


def test_argos_matches_transformers(ours, refs):
    texts = [t for t in reference_strings() if transformers_applies(t)]
    diff = differences(texts, argos_rows(ours, texts), transformers_rows(refs[1], texts))
    assert not diff, f"argos differs from transformers' CLIPTokenizer on {len(diff)} of {len(texts)} strings: {diff[:5]!r}"


def test_known_answers(ours):
    "Facts that any CLIP tokenizer must give on the real vocabulary, pinned by value."
    enc = lambda t: [ours.vocab[i] for i in ours.encode(t)]
    assert ours.vocab_size == 49408 and (ours.sot_id, ours.eot_id) == (49406, 49407)
    assert enc("it’s") == enc("it's") == ["it</w>", "'s</w>"]
    assert enc("&amp;amp;amp;") == enc("&amp;")
    assert enc("cafe\u0301") == enc("café") and enc("ＰＵＳＨ") == enc("push") and enc("ﬁnd") == enc("find")
    assert ours.encode("") == [] and ours.encode("<|endoftext|>") == ours.encode("<|ENDOFTEXT|>") == [ours.eot_id]
    assert enc("ΣΊΣΥΦΟΣ") == enc("σίσυφος") != enc("σίσυφοσ")            # Python's final-sigma rule, as CLIP lower-cases
    ids, mask = ours(["push the red cube " * 30])
    assert ids.shape == (1, CONTEXT) and bool(mask.all()) and int(ids[0, -1]) == ours.eot_id


def test_every_string_gives_ids(ours):
    "Lone surrogates and every other str tokenise without an error, ending in the end token."
    for t in reference_strings() + ["\ud800", "\udbff\udbff", "x\udc00" * 50]:
        ids, mask = ours([t])
        assert int(ids[0, int(mask[0].sum()) - 1]) == ours.eot_id, repr(t)


def report(tok, oc, hf, verbose: bool = True) -> int:
    "Print, per reference, the strings on which `tok` differs; return how many strings differ from at least one."
    texts, wrong = reference_strings(), set()
    for name, ref, applies, rows in (("open_clip", oc, open_clip_applies, open_clip_rows),
                                     ("transformers", hf, transformers_applies, transformers_rows)):
        sub = [t for t in texts if applies(t)]
        diff = differences(sub, argos_rows(tok, sub), rows(ref, sub))
        wrong |= {t for t, _, _ in diff}
        print(f"  argos vs {name}: {len(diff)} of {len(sub)} strings differ ({sum(isinstance(g, str) for _, g, _ in diff)} raised)")
        if verbose:
            for t, g, w in diff: print(f"    {t[:60]!r}: argos {g if isinstance(g, str) else len(g)} ids vs {w if isinstance(w, str) else len(w)}")
    print(f"  argos differs from at least one reference on {len(wrong)} of {len(texts)} strings")
    return len(wrong)


if __name__ == "__main__":
    import argos.text_encoder as te
    folder = reference_files()
    mod, oc = load_open_clip(folder)
    hf = load_transformers(folder, mod.bytes_to_unicode())
    tok = te.BPETokenizer(folder / "bpe_simple_vocab_16e6.txt.gz", context_length=CONTEXT)
    print(f"{len(reference_strings())} strings; argos as it is:")
    report(tok, oc, hf)
    te.clean_text = lambda text: te.regex.sub(r"\s+", " ", html.unescape(html.unescape(text))).strip().lower()
    print("argos with the cleaning it had before ftfy (unescape twice, collapse whitespace, lower-case):")
    report(te.BPETokenizer(folder / "bpe_simple_vocab_16e6.txt.gz", context_length=CONTEXT), oc, hf, verbose=False)
