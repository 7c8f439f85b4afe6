"""Bad inputs to argos.text_encoder (BPE vocabulary files, the tokenizer, the text tower, text features) and the
error each must raise: (name, zero-argument callable, exception type, fragment of the message)."""
from argos.core import scratch_dir
import gzip
from functools import lru_cache
from pathlib import Path

import torch

from argos.core import save_checkpoint
from argos.text_encoder import (BPETokenizer, TextEncoder, TextEncoderConfig, TextFeatures, check_text_features,
                                learn_bpe_merges, write_bpe_vocab)

CORPUS = ["push the red cube", "open the drawer", "a small blue ball left of the green puck"]


@lru_cache
def tmp() -> Path: return scratch_dir("argos-bad-text-")


@lru_cache
def vocab() -> Path: return write_bpe_vocab(tmp() / "good.txt.gz", CORPUS, 20)


@lru_cache
def tok() -> BPETokenizer: return BPETokenizer(vocab())


@lru_cache
def enc() -> TextEncoder: return TextEncoder.from_preset("tiny", tok())


def file(name: str, data: bytes) -> Path:
    path = tmp() / name; path.write_bytes(data); return path


def ids(*texts: str) -> torch.Tensor: return tok()(list(texts))[0]


def no_end_token() -> torch.Tensor:
    x = ids("push the red cube", "open the drawer"); x[1][x[1] == tok().eot_id] = 0; return x


def features(**change) -> TextFeatures:
    f = enc().encode(["push the red cube", "open the drawer"])
    return f._replace(**change)


def with_value(x: torch.Tensor, index, value: float) -> torch.Tensor:
    x = x.clone(); x[index] = value; return x


def checkpoint(name: str, **change) -> Path:
    sd = {**enc().to_checkpoint_state_dict(), **change}
    sd = {k: v for k, v in sd.items() if v is not None}
    save_checkpoint(sd, tmp() / name)
    return tmp() / name


def nan_weights_encode():
    e = TextEncoder.from_preset("tiny", tok())
    with torch.no_grad(): e.norm.weight[0] = float("nan")
    return e.encode(["push the red cube"])


CASES = [
    # BPE vocabulary files
    ("BPE vocabulary: missing file", lambda: BPETokenizer(tmp() / "absent.txt.gz"), FileNotFoundError, "absent.txt.gz"),
    ("BPE vocabulary: not gzip", lambda: BPETokenizer(file("plain.txt.gz", b"#version: 0.2\nh e")), ValueError,
     "plain.txt.gz' is not a complete gzip file"),
    ("BPE vocabulary: truncated gzip", lambda: BPETokenizer(file("cut.txt.gz", vocab().read_bytes()[:-10])), ValueError,
     "cut.txt.gz' is not a complete gzip file"),
    ("BPE vocabulary: random bytes", lambda: BPETokenizer(file("noise.txt.gz", b"\x1f\x8b\x08\x00" + bytes(range(256)))),
     ValueError, "noise.txt.gz' is not a complete gzip file"),
    ("BPE vocabulary: not UTF-8", lambda: BPETokenizer(file("latin1.txt.gz", gzip.compress("#version: 0.2\nt é".encode("latin-1")))),
     ValueError, "latin1.txt.gz' is not UTF-8 text"),
    ("BPE vocabulary: no #version header", lambda: BPETokenizer(file("headless.txt.gz", gzip.compress(b"h e\nl l"))),
     ValueError, "headless.txt.gz': expected a '#version' header line"),
    ("BPE vocabulary: a line that is not a pair", lambda: BPETokenizer(file("triple.txt.gz", gzip.compress(b"#version: 0.2\na b c"))),
     ValueError, "triple.txt.gz' line 2: expected 'left right'"),
    ("BPE vocabulary: text file", lambda: BPETokenizer(file("merges.txt", b"#version: 0.2\nh e")), ValueError, "merges.txt"),
    ("learn_bpe_merges: negative n_merges", lambda: learn_bpe_merges(CORPUS, -1), ValueError, "n_merges must be in"),
    # the tokenizer
    ("tokenizer: context_length 1", lambda: BPETokenizer(vocab(), context_length=1), ValueError, "context_length must be an int >= 2"),
    ("tokenizer: a str instead of a list", lambda: tok()("push the cube"), ValueError, "expected a list of str, got str"),
    ("tokenizer: empty list", lambda: tok()([]), ValueError, "empty list"),
    ("tokenizer: None caption", lambda: tok()(["ok", None]), ValueError, "texts[1] to be a str, got NoneType"),
    ("tokenizer: bytes caption", lambda: tok().encode(b"push"), ValueError, "expected a str to encode, got bytes"),
    ("tokenizer: decode an id out of range", lambda: tok().decode([10_000]), ValueError, "token ids must be in [0,"),
    # the tower
    ("TextEncoder: ids without the end token", lambda: enc()(no_end_token()), ValueError,
     "rows [1] have none"),
    ("TextEncoder: ids cut before the end token", lambda: enc()(ids("push the red cube")[:, :3]), ValueError,
     "end token <|endoftext|>"),
    ("TextEncoder: ids longer than the context", lambda: enc()(torch.zeros(1, 78, dtype=torch.long)), ValueError, "at most 77 tokens, got L=78"),
    ("TextEncoder: float ids", lambda: enc()(ids("push").float()), ValueError, "expected ids of dtype torch.long"),
    ("TextEncoder: ids out of range", lambda: enc()(torch.full((1, 3), 10_000)), ValueError, "token ids must be in [0,"),
    ("TextEncoder: 1-D ids", lambda: enc()(ids("push")[0]), ValueError, "expected ids of shape (B, L)"),
    ("TextEncoder: encode without a tokenizer", lambda: TextEncoder(enc().cfg).encode(["push"]), ValueError, "has no tokenizer"),
    ("TextEncoder: unknown preset", lambda: TextEncoder.from_preset("huge", tok()), ValueError, "unknown text encoder preset 'huge'"),
    ("TextEncoder: dinotxt preset on a small vocabulary", lambda: TextEncoder.from_preset("dinotxt", tok()), ValueError,
     "vocab_size=49408 but the tokenizer has"),
    ("TextEncoderConfig: width not a multiple of heads", lambda: TextEncoderConfig(width=65, heads=4), ValueError, "multiple of heads=4"),
    ("TextEncoder: weights turned NaN", nan_weights_encode, ValueError, "tokens holds non-finite values"),
    # checkpoints
    ("checkpoint: NaN weight", lambda: TextEncoder.from_checkpoint(checkpoint("nan.pth", **{
        "text_model.backbone.ln_final.weight": torch.full((64,), float("nan"))}), tok(), preset="tiny"), ValueError,
     "'text_model.backbone.ln_final.weight' holds 64 non-finite values"),
    ("checkpoint: inf weight", lambda: TextEncoder.from_checkpoint(checkpoint("inf.pth", **{
        "text_model.head.linear_projection.weight": with_value(enc().proj.weight, (0, 0), float("inf"))}), tok(), preset="tiny"),
     ValueError, "'text_model.head.linear_projection.weight' holds 1 non-finite values"),
    ("checkpoint: missing key", lambda: TextEncoder.from_checkpoint(checkpoint("missing.pth", **{
        "text_model.backbone.ln_final.bias": None}), tok(), preset="tiny"), ValueError, "1 missing keys"),
    ("checkpoint: missing file", lambda: TextEncoder.from_checkpoint(tmp() / "nowhere.pth", tok(), preset="tiny"),
     FileNotFoundError, "nowhere.pth"),
    # text features handed on to the rest of argos
    ("text features: NaN token feature", lambda: check_text_features(features(tokens=with_value(features().tokens, (1, 2, 0), float("nan")))),
     ValueError, "text features.tokens holds non-finite values (NaN or inf) in rows [1]"),
    ("text features: inf pooled feature", lambda: check_text_features(features(pooled=with_value(features().pooled, (0, 5), float("inf"))), name="text"),
     ValueError, "text.pooled holds non-finite values (NaN or inf) in rows [0]"),
    ("text features: -inf token feature", lambda: check_text_features(features(tokens=with_value(features().tokens, (0, 0, 3), float("-inf")))),
     ValueError, "rows [0]"),
    ("text features: mask of another length", lambda: check_text_features(features(mask=features().mask[:, :-1])), ValueError,
     "text features.mask of shape (B, L) with L="),
    ("text features: integer mask", lambda: check_text_features(features(mask=features().mask.long())), ValueError, "mask of dtype torch.bool"),
    ("text features: pooled of another batch", lambda: check_text_features(features(pooled=features().pooled[:1])), ValueError,
     "text features.pooled of shape (B, E) with B=2"),
]
