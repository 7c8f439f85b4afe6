"""Write `tower_reference.safetensors`: a seeded tiny dino.txt text tower, fixed token ids, and its outputs.

The file holds the tower's weights under the published checkpoint's key names (`text_model.*`), the ids
`reference.ids (B, L)` and the outputs `reference.tokens (B, L, D)` (per-token features after the final LayerNorm) and
`reference.pooled (B, E)` (the projected feature at the first `<|endoftext|>`). Notebook 02 loads the weights into
argos' `TextEncoder` and checks both outputs against the saved ones, so any change to the tower, the key mapping
or the pooling position fails a test.

    python tests/data/text/make_tower_reference.py                       # argos' outputs
    python tests/data/text/make_tower_reference.py --dinov3 /path/to/dinov3   # also run the official code, require agreement

With `--dinov3` (a checkout of facebookresearch/dinov3), the same weights are loaded into the official `TextTower`
(`TextTransformer` + `TextHead`, pooler "argmax", linear projection) and its outputs must match argos' to 1e-6;
the largest difference is stored in the file's metadata.
"""
import argparse, json, sys
from pathlib import Path

import torch
from safetensors.torch import save_file

from argos.text_encoder import TextEncoder, TextEncoderConfig

HERE = Path(__file__).resolve().parent
CONFIG = dict(width=16, heads=2, layers=2, embed_dim=8, context_length=12, vocab_size=48)
SEED = 0


def reference_ids(vocab_size: int, context_length: int) -> torch.Tensor:
    "Three rows: a short caption, one filling the context, one with a literal end token before the real one."
    sot, eot = vocab_size - 2, vocab_size - 1
    rows = [[sot, 5, 17, 9, eot],
            [sot] + [(7 * i + 3) % (vocab_size - 2) for i in range(context_length - 2)] + [eot],
            [sot, 11, eot, 30, 2, eot]]
    ids = torch.zeros(len(rows), context_length, dtype=torch.long)
    for b, row in enumerate(rows): ids[b, :len(row)] = torch.tensor(row)
    return ids


def seeded_tower(seed: int) -> TextEncoder:
    "The tiny tower with CLIP-style random weights, then every LayerNorm and bias moved off its init (1 or 0)."
    torch.manual_seed(seed)
    enc = TextEncoder(TextEncoderConfig(**CONFIG))
    with torch.no_grad():
        for name, p in enc.named_parameters():
            if name.endswith("bias"): p.add_(0.1 * torch.randn_like(p))
            elif "norm" in name: p.add_(0.2 * torch.randn_like(p))
    return enc


def official_outputs(dinov3: Path, sd: dict, ids: torch.Tensor):
    "Outputs of the official dino.txt text tower on the same weights."
    sys.path.insert(0, str(dinov3))
    from dinov3.eval.text.text_tower import TextTower
    from dinov3.eval.text.text_transformer import TextTransformer
    c = CONFIG
    backbone = TextTransformer(context_length=c["context_length"], vocab_size=c["vocab_size"], dim=c["width"],
                               num_heads=c["heads"], num_layers=c["layers"], ffn_ratio=4, is_causal=True)
    tower = TextTower(backbone, freeze_backbone=True, embed_dim=c["embed_dim"], num_head_blocks=0,
                      head_blocks_is_causal=False, head_blocks_block_drop_prob=0.0, tokens_pooler_type="argmax",
                      use_linear_projection=True).eval()
    tower.load_state_dict({k.removeprefix("text_model."): v for k, v in sd.items()}, strict=True)
    with torch.no_grad(): return tower.backbone(ids), tower(ids)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dinov3", type=Path, help="a facebookresearch/dinov3 checkout to check against")
    ap.add_argument("--out", type=Path, default=HERE / "tower_reference.safetensors")
    args = ap.parse_args()
    enc = seeded_tower(SEED)
    ids = reference_ids(CONFIG["vocab_size"], CONFIG["context_length"])
    with torch.no_grad(): tokens, pooled = enc(ids)
    sd = enc.to_checkpoint_state_dict()
    meta = {"config": json.dumps(CONFIG), "seed": str(SEED), "made_by": "tests/data/text/make_tower_reference.py"}
    if args.dinov3:
        ref_tokens, ref_pooled = official_outputs(args.dinov3, sd, ids)
        diff = max((ref_tokens - tokens).abs().max().item(), (ref_pooled - pooled).abs().max().item())
        assert diff < 1e-6, f"argos and the official tower differ by {diff}"
        meta["official_max_abs_diff"] = f"{diff:.3g}"
        print(f"official dino.txt TextTower agrees: max abs difference {diff:.3g}")
    save_file({**{k: v.contiguous() for k, v in sd.items()}, "reference.ids": ids,
               "reference.tokens": tokens.contiguous(), "reference.pooled": pooled.contiguous()}, str(args.out), metadata=meta)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
