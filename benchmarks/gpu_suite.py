"""The speed suite for one GPU: the bf16 matmul ceiling first, then every row of issue 11's table as milliseconds and
achieved/ceiling ratios. One command, under 5 minutes on an H200; `--smoke` runs the same code at tiny sizes on a CPU
in under a minute (CI runs it, tests/test_gpu_suite.py).

    python benchmarks/gpu_suite.py --out outputs/gpu_suite.json            # GPU (about 4 minutes)
    python benchmarks/gpu_suite.py --smoke --out /tmp/gpu_suite.json       # CPU smoke

Needs only torch and transformers (no `datasets`, no `av`). Rows, in order (the compiled training row last, because
its compile time is the least predictable; each row is printed and written to --out as soon as it is measured):

* ceiling: the best bf16 TFLOP/s of large square matmuls (fp32 on a CPU);
* DiT-L training (256 tokens x 1024 dims, batch 64, text 16 x 256; DiT-B on 768-dim tokens, as its width must reach them; bf16 autocast, fp32 weights, fused AdamW): eager on
  the plain path (`DiT.fast = False`, the code as it was at commit 3309aa0 less its host syncs), eager on the fast path;
  DiT-B likewise on the fast path; DiT-L compiled (regional: `torch.compile` of each block, which compiles one block's
  code once for all 24; `--compile full` compiles the whole FlowModel too) with the first step's time, graph breaks and
  recompiles;
* image encoder ViT-L/16 at 224 px: `ImageEncoder.forward` at batch 1 and 64, and a bf16 copy of its transformers model
  replayed as a CUDA graph at batch 1;
* policy-step proxy, batch 1: encode one frame at 256 px (16 x 16 = 256 patch tokens), commit it to the KV cache of a
  3-frame history, then 1 / 4 / 10 guided Euler steps (text guidance: 2 branches) of DiT-L over the next frame's 256
  tokens; plain eager (fp32 weights, autocast, `KVCache` + `generate`), fast eager (bf16 copy, `PolicyStep`, `RingKVCache`)
  and the fast step replayed as one CUDA graph;
* stage-2 rollout: 20 frames (2 s at 10 frames/s), history 3 in the ring cache, 4 guided steps per frame plus a commit;
  fast eager and one CUDA graph per frame replayed 20 times;
* full-model policy step: DiT-L with proprio (8) and action (14) tokens and text, encoder L/16, guided, cached; 1 / 4 / 10
  steps as a CUDA graph, 4 steps eager.

FLOPs are counted from the configs (matrix products only, 2 per multiply-add; training = 3 x forward): see `dit_flops`
and `vit_flops`. On a CPU there are no CUDA graphs: those rows run the same static step eagerly and say so.
"""
from __future__ import annotations
import argparse, copy, datetime, gc, json, os, subprocess, sys, time
from pathlib import Path

import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))      # run from a checkout without installing argos
from argos.dit import DiTConfig, FlowModel, KVCache, PolicyStep, RingKVCache, dit_config   # noqa: E402
from argos.flow import FlowConfig                                                            # noqa: E402
from argos.image_encoder import IMAGE_ENCODER_PRESETS, ImageEncoder                          # noqa: E402

SIZES = {
    "full": dict(ceiling_n=(4096, 8192), ceiling_iters=20, L=dict(preset="L"), B=dict(preset="B"), in_dim=dict(L=1024, B=768), side=16, batch=64,
                 text_tokens=16, text_dim=256, enc="L/16", enc_px=224, enc_batch=64, policy_px=256, policy_text=32,
                 policy_text_dim=1024, P=8, A=14, history=3, policy_steps=(1, 4, 10), rollout_frames=20, rollout_steps=4,
                 train_iters=5, infer_iters=10, warmup=2),
    "smoke": dict(ceiling_n=(256,), ceiling_iters=3, L=dict(width=64, depth=2, heads=4), B=dict(width=48, depth=2, heads=4),
                  in_dim=dict(L=64, B=48),
                  side=4, batch=4, text_tokens=4, text_dim=16, enc="tiny", enc_px=32, enc_batch=4, policy_px=64, policy_text=4,
                  policy_text_dim=16, P=3, A=4, history=2, policy_steps=(1, 2), rollout_frames=3, rollout_steps=2,
                  train_iters=1, infer_iters=1, warmup=1),
}


# ---------------------------------------------------------------- FLOPs
def dit_flops(cfg: DiTConfig, n_query: int, n_keys: int | None = None, n_memory: int = 0, n_patches: int | None = None) -> float:
    "Matmul FLOPs of one DiT forward for one sample: `n_query` new tokens (patches + vector tokens) attending to `n_keys` (cached + new) and a memory of `n_memory`."
    W, r, Nq = cfg.width, cfg.mlp_ratio, n_query
    Nk = n_query if n_keys is None else n_keys
    Np = n_query if n_patches is None else n_patches
    block = 2 * Nq * W * 3 * W + 2 * Nq * W * W + 4 * Nq * Nk * W + 2 * Nq * W * int(r * W) * 2
    if cfg.conditions: block += 2 * Nq * W * W + 2 * n_memory * W * 2 * W + 4 * Nq * n_memory * W + 2 * Nq * W * W
    return cfg.depth * block + 2 * Np * cfg.in_dim * W * 2                                   # + patch embed and linear head


def vit_flops(preset: str, px: int) -> float:
    "Matmul FLOPs of one forward of image encoder `preset` for one image of `px` x `px` pixels."
    c = IMAGE_ENCODER_PRESETS[preset]
    n_patch = (px // c.patch_size) ** 2
    N, D, F = 1 + c.num_registers + n_patch, c.hidden_size, c.intermediate_size
    mlp = 2 * N * D * F * (3 if c.gated_mlp else 2)
    return c.num_layers * (2 * N * D * 3 * D + 2 * N * D * D + 4 * N * N * D + mlp) + 2 * n_patch * 3 * c.patch_size ** 2 * D


# ---------------------------------------------------------------- timing
def sync(device: torch.device):
    if device.type == "cuda": torch.cuda.synchronize(device)


def timed(fn, iters: int, warmup: int, device: torch.device) -> float:
    "Seconds per call of `fn()` after `warmup` calls."
    for _ in range(warmup): fn()
    sync(device)
    t0 = time.perf_counter()
    for _ in range(iters): fn()
    sync(device)
    return (time.perf_counter() - t0) / iters


def graphed(fn, device: torch.device, warmup: int = 3):
    "`fn` (no arguments: it reads static buffers) captured as a CUDA graph after `warmup` eager calls; on a CPU, `fn` itself."
    if device.type != "cuda":
        for _ in range(warmup): fn()
        return fn
    s = torch.cuda.Stream(device)
    s.wait_stream(torch.cuda.current_stream(device))
    with torch.cuda.stream(s):
        for _ in range(warmup): fn()
    torch.cuda.current_stream(device).wait_stream(s)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph): fn()
    return graph.replay


def free(device: torch.device):
    gc.collect()
    if device.type == "cuda": torch.cuda.empty_cache()


# ---------------------------------------------------------------- models
class PatchTokens(nn.Module):
    "Patch tokens (B, N, D) from the transformers DINOv3 model of an `ImageEncoder`: its forward without the host-side input checks."
    def __init__(self, enc: ImageEncoder):
        super().__init__()
        self.model, self.skip = enc.model, 1 + enc.config.num_registers
    def forward(self, pixels): return self.model(pixel_values=pixels).last_hidden_state[:, self.skip:]


def dit_cfg(spec: dict, **kw) -> DiTConfig:
    spec = dict(spec)
    return dit_config(spec.pop("preset"), **kw) if "preset" in spec else DiTConfig(**spec, **kw)


# ---------------------------------------------------------------- the suite
class Suite:
    def __init__(self, args):
        self.a, self.S = args, SIZES["smoke" if args.smoke else "full"]
        self.device = torch.device(args.device)
        self.cuda = self.device.type == "cuda"
        self.rows, self.t_start, self.ceiling = [], time.perf_counter(), None
        self.meta = {"date": datetime.date.today().isoformat(), "torch": torch.__version__, "device": self.device_name(),
                     "commit": self.commit(), "size": "smoke" if args.smoke else "full"}

    def device_name(self) -> str:
        return torch.cuda.get_device_name(self.device) if self.cuda else "cpu"

    @staticmethod
    def commit() -> str:
        try: return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                   cwd=Path(__file__).resolve().parent, timeout=10).stdout.strip() or "unknown"
        except (OSError, subprocess.SubprocessError): return "unknown"

    def add(self, what: str, ms: float, flops: float | None = None, note: str = ""):
        tf = None if flops is None else flops / (ms / 1e3) / 1e12
        ratio = None if tf is None or not self.ceiling else tf / self.ceiling
        row = {"what": what, "ms": ms, "TFLOPs": tf, "of_ceiling": ratio, "note": note,
               "elapsed_s": time.perf_counter() - self.t_start}
        self.rows.append(row)
        print(self.fmt(row), flush=True)
        if self.a.out: self.save()

    @staticmethod
    def fmt(r: dict) -> str:
        tf = "" if r["TFLOPs"] is None else f"{r['TFLOPs']:.3g}"
        ratio = "" if r["of_ceiling"] is None else f"{100 * r['of_ceiling']:.1f}%"
        return f"| {r['what']} | {r['ms']:.4g} | {tf} | {ratio} | {r['note']} |"

    def table(self) -> str:
        head = (f"{self.meta['device']}, torch {self.meta['torch']}, commit {self.meta['commit']}, {self.meta['date']}, "
                f"{self.meta['size']} sizes; ceiling {self.ceiling:.4g} TFLOP/s\n\n"
                "| what | ms | TFLOP/s | of ceiling | notes |\n|---|---|---|---|---|\n")
        return head + "\n".join(self.fmt(r) for r in self.rows)

    def save(self):
        out = Path(self.a.out); out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(out.suffix + ".tmp")
        tmp.write_text(json.dumps({**self.meta, "ceiling_TFLOPs": self.ceiling, "rows": self.rows}, indent=1))
        os.replace(tmp, out)

    @property
    def amp_dtype(self): return torch.bfloat16

    # ------------------------------------------------------------ ceiling
    def run_ceiling(self):
        dt = torch.bfloat16 if self.cuda else torch.float32
        best = 0.0
        for n in self.S["ceiling_n"]:
            a, b = torch.randn(n, n, device=self.device, dtype=dt), torch.randn(n, n, device=self.device, dtype=dt)
            s = timed(lambda: a @ b, self.S["ceiling_iters"], 2, self.device)
            best = max(best, 2 * n ** 3 / s / 1e12)
        self.ceiling = best
        self.add(f"matmul ceiling ({'bf16' if self.cuda else 'fp32'}, n = {'/'.join(map(str, self.S['ceiling_n']))})",
                 2 * max(self.S["ceiling_n"]) ** 3 / best / 1e9, 2 * max(self.S["ceiling_n"]) ** 3, "best of the sizes")
        free(self.device)

    # ------------------------------------------------------------ training
    def train_setup(self, size: str):
        S = self.S
        cfg = dit_cfg(S[size], in_dim=S["in_dim"][size], text_dim=S["text_dim"])
        torch.manual_seed(0)
        with self.device: fm = FlowModel(cfg, FlowConfig()).train()                            # initialised on the device
        opt = torch.optim.AdamW(fm.parameters(), lr=1e-4, **({"fused": True} if self.cuda else {}))
        side, B = S["side"], S["batch"]
        batch = {"latents": torch.randn(B, side * side, cfg.in_dim, device=self.device), "grid": (side, side),
                 "text": torch.randn(B, S["text_tokens"], cfg.text_dim, device=self.device)}
        flops = 3 * B * dit_flops(cfg, side * side, n_memory=1 + S["text_tokens"])
        return fm, opt, batch, flops

    def train_step(self, model, opt, batch):
        with torch.autocast(self.device.type, dtype=self.amp_dtype):
            loss, _ = model(batch)
        loss.backward()
        opt.step(); opt.zero_grad(set_to_none=True)

    def run_train(self, size: str, fast: bool):
        fm, opt, batch, flops = self.train_setup(size)
        fm.dit.fast = fast
        s = timed(lambda: self.train_step(fm, opt, batch), self.S["train_iters"], self.S["warmup"], self.device)
        name = "DiT-L" if size == "L" else "DiT-B"
        self.add(f"{name} training, eager, {'fast' if fast else 'plain'} path", 1e3 * s, flops,
                 f"{self.S['batch'] / s:.4g} samples/s, {sum(p.numel() for p in fm.parameters()) / 1e6:.3g}M parameters")

    def run_train_compiled(self, mode: str):
        import torch._dynamo
        torch._dynamo.reset()
        torch._dynamo.utils.counters.clear()
        fm, opt, batch, flops = self.train_setup("L")
        fm.dit.check_values = False
        backend = self.a.compile_backend or ("inductor" if self.cuda else "eager")
        if mode == "regional":
            for blk in fm.dit.blocks: blk.compile(backend=backend)
            model = fm
        else: model = torch.compile(fm, backend=backend)
        t0 = time.perf_counter()
        self.train_step(model, opt, batch); sync(self.device)
        first = time.perf_counter() - t0
        s = timed(lambda: self.train_step(model, opt, batch), self.S["train_iters"], self.S["warmup"], self.device)
        c = torch._dynamo.utils.counters
        breaks, frames = sum(c["graph_break"].values()), c["stats"].get("unique_graphs", 0)
        self.add(f"DiT-L training, torch.compile ({mode}, {backend})", 1e3 * s, flops,
                 f"{self.S['batch'] / s:.4g} samples/s; first step {first:.1f} s; {frames} graphs, {breaks} graph breaks")

    # ------------------------------------------------------------ image encoder
    def encoder(self, bf16: bool):
        with self.device: enc = ImageEncoder.from_preset(self.S["enc"])
        if bf16: enc = copy.deepcopy(enc).to(torch.bfloat16)
        return enc

    def run_encoder(self):
        S = self.S
        enc = self.encoder(bf16=False)
        for B in (1, S["enc_batch"]):
            px = torch.randn(B, 3, S["enc_px"], S["enc_px"], device=self.device)
            s = timed(lambda: enc(px), S["infer_iters"], S["warmup"], self.device)
            self.add(f"image encoder {S['enc']} at {S['enc_px']} px, batch {B}, ImageEncoder.forward", 1e3 * s,
                     B * vit_flops(S["enc"], S["enc_px"]), f"{1e3 * s / B:.3g} ms an image")
        enc = None; free(self.device)
        tok = PatchTokens(self.encoder(bf16=True))
        px = torch.randn(1, 3, S["enc_px"], S["enc_px"], device=self.device, dtype=torch.bfloat16)
        with torch.no_grad():
            replay = graphed(lambda: tok(px), self.device)
            s = timed(replay, S["infer_iters"], 1, self.device)
        self.add(f"image encoder {S['enc']} at {S['enc_px']} px, batch 1, bf16 copy, {self.graph_word()}", 1e3 * s,
                 vit_flops(S["enc"], S["enc_px"]), "transformers model called directly (PatchTokens)")

    def graph_word(self) -> str:
        return "CUDA graph" if self.cuda else "static step eager (no CUDA graphs on a CPU)"

    # ------------------------------------------------------------ policy and rollout
    def policy_model(self, full: bool, text_tokens: int):
        "DiT-L over the encoder's patch tokens (+ proprio and action tokens when `full`) with text, fp32 weights; a text batch (1, L, E)."
        S = self.S
        kw = dict(in_dim=IMAGE_ENCODER_PRESETS[S["enc"]].hidden_size, text_dim=S["policy_text_dim"])
        if full: kw.update(proprio_dim=S["P"], action_dim=S["A"])
        torch.manual_seed(0)
        with self.device: fm = FlowModel(dit_cfg(S["L"], **kw), FlowConfig()).eval()
        text = torch.randn(1, text_tokens, fm.cfg.text_dim, device=self.device)
        return fm, text

    def fast_copy(self, fm: FlowModel) -> FlowModel:
        "The inference copy: bf16 weights (no autocast, no casts), fast path, no value checks."
        fmb = copy.deepcopy(fm).to(torch.bfloat16)
        fmb.dit.fast, fmb.dit.check_values = True, False
        return fmb

    def policy_side(self) -> int: return self.S["policy_px"] // IMAGE_ENCODER_PRESETS[self.S["enc"]].patch_size

    def step_flops(self, cfg: DiTConfig, steps: int, branches: int, M: int) -> float:
        "One policy step at batch 1: a commit and `steps` flow steps, each over `branches` guidance branches, new frame after a full history."
        N = self.policy_side() ** 2
        n = N + len(cfg.modalities) - 1
        per_pass = dit_flops(cfg, n, (self.S["history"] + 1) * n, M, n_patches=N)
        return branches * (steps + 1) * per_pass

    def run_policy(self, full: bool):
        S = self.S
        side = self.policy_side()
        grid, guidance = (side, side), {"text": 3.0}
        fm, text = self.policy_model(full, S["policy_text"])
        cfg, M = fm.cfg, 1 + S["policy_text"]
        px = torch.randn(1, 3, S["policy_px"], S["policy_px"], device=self.device)
        noise = {"patches": torch.randn(1, 1, side * side, cfg.in_dim, device=self.device)}
        now = {}
        if full:
            for m in ("proprio", "action"):
                noise[m] = torch.randn(1, 1, cfg.modality_dim(m), device=self.device)
                now[m] = torch.randn(1, 1, cfg.modality_dim(m), device=self.device)
        name = "full-model policy step (proprio + action tokens)" if full else "policy-step proxy"
        steps_list = S["policy_steps"]
        enc_flops = vit_flops(S["enc"], S["policy_px"])

        if not full:                                                      # the plain path, as at 3309aa0 but cached
            fm.dit.fast, enc = False, self.encoder(bf16=False)
            for steps in steps_list:
                kv = KVCache(cfg.depth, window=S["history"])
                def plain_step():
                    with torch.no_grad(), torch.autocast(self.device.type, dtype=self.amp_dtype):
                        patches = enc(px).patches[:, None]
                        fm.commit({"patches": patches, **now}, grid, kv, {"text": text}, guidance)
                        return fm.generate({m: torch.zeros_like(v) for m, v in noise.items()}, None, grid, {"text": text}, steps,
                                           guidance=guidance, noise=noise, cache=kv)
                s = timed(plain_step, S["infer_iters"], S["history"] + 1, self.device)
                self.add(f"{name}, {steps} steps, eager, plain path (fp32 weights, autocast)", 1e3 * s,
                         enc_flops + self.step_flops(cfg, steps, 2, M), "KVCache + generate")
            fm.dit.fast, enc = True, None
            free(self.device)

        fmb, tok = self.fast_copy(fm), PatchTokens(self.encoder(bf16=True))
        pxb = px.bfloat16()
        noiseb, nowb, textb = ({m: v.bfloat16() for m, v in d.items()} for d in (noise, now, {"text": text}))
        for steps in steps_list:
            step = PolicyStep(fmb, grid, steps, tok, guidance=guidance)
            variants = [True] + ([False] if steps == steps_list[1] else []) if full else [False, True]   # capture or not
            for capture in variants:
                ring = RingKVCache(cfg.depth, S["history"])
                call = lambda: step(pxb, noiseb, ring, textb, nowb or None)
                with torch.no_grad():
                    fn = graphed(call, self.device, warmup=S["history"] + 1) if capture else call
                    s = timed(fn, S["infer_iters"], 0 if capture else S["history"] + 1, self.device)
                how = self.graph_word() if capture else "eager"
                self.add(f"{name}, {steps} steps, {how}, fast path (bf16 copy)", 1e3 * s,
                         enc_flops + self.step_flops(cfg, steps, 2, M), "PolicyStep + RingKVCache, history "
                         f"{S['history']}, text guidance (2 branches)")

    def run_rollout(self):
        "Stage 2: `rollout_frames` frames after a history, each `rollout_steps` guided flow steps and a commit."
        S = self.S
        side = self.policy_side()
        grid, guidance, F, steps = (side, side), {"text": 3.0}, S["rollout_frames"], S["rollout_steps"]
        fm, text = self.policy_model(False, S["policy_text"])
        cfg, M = fm.cfg, 1 + S["policy_text"]
        flops = F * self.step_flops(cfg, steps, 2, M)
        fmb = self.fast_copy(fm)
        fm = None; free(self.device)
        t_grid = PolicyStep(fmb, grid, steps).t_grid
        conds = {"text": text.bfloat16()}
        noise = {"patches": torch.randn(1, 1, side * side, cfg.in_dim, device=self.device, dtype=torch.bfloat16)}
        history = torch.randn(1, 1, side * side, cfg.in_dim, device=self.device, dtype=torch.bfloat16)
        for capture in (False, True):
            ring = RingKVCache(cfg.depth, S["history"])
            with torch.no_grad():
                for _ in range(S["history"]): fmb.commit({"patches": history}, grid, ring, conds, guidance)
                def frame_step():
                    x = fmb.integrate(noise, grid, t_grid, conds, guidance, cache=ring)
                    fmb.commit(x, grid, ring, conds, guidance)
                fn = graphed(frame_step, self.device, warmup=1) if capture else frame_step
                def rollout():
                    for _ in range(F): fn()
                s = timed(rollout, max(1, S["infer_iters"] // 5), 0 if capture else 1, self.device)
            how = self.graph_word() + " per frame" if capture else "eager"
            self.add(f"stage-2 rollout, {F} frames, {steps} steps a frame, {how}, fast path (bf16 copy)", 1e3 * s, flops,
                     f"{1e3 * s / F:.3g} ms a frame; RingKVCache history {S['history']}, text guidance")


GROUPS = ("train", "encoder", "policy", "rollout", "full_policy", "compile")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="tiny sizes, for a CPU (under a minute)")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--out", default=None, help="JSON file, rewritten after every row")
    p.add_argument("--compile", choices=["regional", "full", "both", "none"], default="regional",
                   help="which torch.compile training rows to run (last)")
    p.add_argument("--compile-backend", default=None, help="default: inductor on a GPU, eager on a CPU")
    p.add_argument("--skip", nargs="*", default=[], choices=GROUPS)
    p.add_argument("--budget-s", type=float, default=285.0, help="skip the groups that would start after this many seconds")
    p.add_argument("--strict", action="store_true", help="stop at the first failing row (default with --smoke)")
    p.add_argument("--threads", type=int, default=None)
    return p.parse_args(argv)


def main(argv=None) -> str:
    a = parse_args(argv)
    if a.threads: torch.set_num_threads(a.threads)
    strict = a.strict or a.smoke
    if torch.device(a.device).type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True; torch.backends.cudnn.allow_tf32 = True
    suite = Suite(a)
    print(f"{suite.meta['device']}, torch {torch.__version__}, commit {suite.meta['commit']}, {suite.meta['size']} sizes", flush=True)
    print("| what | ms | TFLOP/s | of ceiling | notes |\n|---|---|---|---|---|", flush=True)
    suite.run_ceiling()
    compile_rows = {"regional": ["regional"], "full": ["full"], "both": ["regional", "full"], "none": []}[a.compile]
    plan = [("train", lambda: suite.run_train("L", fast=False)), ("train", lambda: suite.run_train("L", fast=True)),
            ("train", lambda: suite.run_train("B", fast=True)), ("encoder", suite.run_encoder),
            ("policy", lambda: suite.run_policy(full=False)), ("rollout", suite.run_rollout),
            ("full_policy", lambda: suite.run_policy(full=True))]
    plan += [("compile", (lambda m=m: suite.run_train_compiled(m))) for m in compile_rows]
    for group, fn in plan:
        if group in a.skip: continue
        if time.perf_counter() - suite.t_start > a.budget_s:
            suite.add(f"{group}: skipped", float("nan"), note=f"over the {a.budget_s:.0f} s budget"); continue
        try: fn(); free(suite.device)
        except Exception as e:                                            # one failing row must not cost the others
            if strict: raise
            suite.add(f"{group}: failed", float("nan"), note=f"{type(e).__name__}: {str(e).splitlines()[0][:200]}")
            free(suite.device)
    table = suite.table()
    print("\n" + table + f"\n\ntotal {time.perf_counter() - suite.t_start:.0f} s", flush=True)
    if a.out: suite.save()
    return table


if __name__ == "__main__":
    main()
