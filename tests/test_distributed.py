"""Data-parallel training with two real processes on the CPU (gloo), against one process.

`tests/dist_train_worker.py` is started twice with the environment torchrun (and `accelerate launch --multi_gpu`)
gives each process; accelerate sees WORLD_SIZE=2 with `cpu=True` and joins them with gloo, wrapping the model in
DistributedDataParallel. The workers run four small scenarios once (a module fixture); the tests below compare
their outputs with each other and with the same functions run here in one process:
- the loss trajectory and final weights of 2 processes at batch b equal 1 process at batch 2b;
- the processes read disjoint samples, every micro-batch of every update (map-style dataset), and a streaming
  `datasets.IterableDataset` is split by shards: each process reads only its own;
- an `argos.lerobot_stream.LeRobotStream` that takes its rank from torch.distributed, given to `Trainer` in a plain
  DataLoader, trains each process on all of its own shard: the shards are disjoint and together hold every window;
- a NaN that only one process reads makes both skip the same update, and the weights stay equal and finite;
- a two-process run crashed and resumed from its checkpoint equals the uninterrupted run, bit for bit.
"""
import importlib.util, json, os, socket, subprocess, sys, time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKER = ROOT / "tests" / "dist_train_worker.py"
TIMEOUT_S = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker_module():
    spec = importlib.util.spec_from_file_location("dist_train_worker", WORKER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    "Run the two workers once; their results by rank, and the wall time."
    out = tmp_path_factory.mktemp("dist")
    port, t0 = _free_port(), time.perf_counter()
    base = {**os.environ, "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port), "WORLD_SIZE": "2", "LOCAL_WORLD_SIZE": "2",
            "OMP_NUM_THREADS": "1", "ARGOS_QUIET": "1", "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    procs = [subprocess.Popen([sys.executable, str(WORKER), str(out)], env={**base, "RANK": str(r), "LOCAL_RANK": str(r)},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for r in range(2)]
    logs = []
    try:
        for p in procs: logs.append(p.communicate(timeout=TIMEOUT_S)[0])
    finally:
        for p in procs:
            if p.poll() is None: p.kill()
    for r, (p, log) in enumerate(zip(procs, logs)):
        assert p.returncode == 0, f"process {r} failed ({p.returncode}):\n{log[-4000:]}"
    res = [json.loads((out / f"rank{r}.json").read_text()) for r in range(2)]
    print(f"two processes: {time.perf_counter() - t0:.1f} s wall; process 0: {res[0]['seconds']}")
    return {"ranks": res, "seconds": time.perf_counter() - t0, "out": out}


@pytest.fixture(scope="module")
def one(tmp_path_factory):
    "The one-process references, run in this process: the same functions at twice the batch."
    import torch
    torch.set_num_threads(1)
    w = _worker_module()
    return {"ddp": w.run_ddp(tmp_path_factory.mktemp("one"), batch_size=8)}


def test_two_processes_equal_one_at_twice_the_batch(two, one):
    r0, r1 = (r["ddp"] for r in two["ranks"])
    ref = one["ddp"]
    assert len(r0["losses"]) == len(ref["losses"]) == 8
    assert r0["losses"] == r1["losses"]                      # the logged loss is the mean over processes
    assert max(abs(a - b) for a, b in zip(r0["losses"], ref["losses"])) < 1e-5, (r0["losses"], ref["losses"])
    assert max(abs(a - b) for a, b in zip(r0["grad_norms"], ref["grad_norms"])) < 1e-5
    assert r0["params"] == r1["params"] and r0["ema"] == r1["ema"]  # DDP keeps the processes' weights identical
    assert max(abs(a - b) for a, b in zip(r0["params"], ref["params"])) < 1e-5
    assert max(abs(a - b) for a, b in zip(r0["ema"], ref["ema"])) < 1e-5
    assert ref["losses"][-1] < 0.2 * ref["losses"][0]        # and it learns


def test_processes_read_disjoint_samples_every_update(two, one):
    "Every micro-batch of all 8 updates: per update the two processes' samples are disjoint and together are one process's."
    reads = [r["ddp"]["reads"] for r in two["ranks"]]
    single, b = one["ddp"]["reads"], 4
    assert len(reads[0]) == len(reads[1]) == 8 * 2 * b and len(single) == 8 * 2 * 2 * b
    for u in range(8):   # update u: micro-batches 2u, 2u+1 of each process; 2 micro-batches of 2b in one process
        mine = [set(reads[r][2 * u * b:(2 * u + 2) * b]) for r in range(2)]
        assert not mine[0] & mine[1], f"update {u}: both processes read {sorted(mine[0] & mine[1])}"
        assert mine[0] | mine[1] == set(single[4 * u * b:4 * (u + 1) * b]), f"update {u} differs from one process"
    both = [i for k in range(len(reads[0]) // b) for r in range(2) for i in reads[r][k * b:(k + 1) * b]]
    for e in range(2):   # 64 samples per epoch: each read exactly once per epoch, by one of the processes
        assert sorted(both[64 * e:64 * (e + 1)]) == list(range(64)), f"epoch {e} repeats or misses samples"
    assert both[:64] != both[64:], "the second epoch repeats the first one's order"


def test_stream_is_split_by_shards(two):
    "Each process reads (not just keeps) only its own shards of the streaming dataset and trains on all of them."
    s0, s1 = (r["stream"] for r in two["ranks"])
    assert not set(s0["reads"]) & set(s1["reads"]), "an example was read by both processes"
    assert sorted(s0["reads"] + s1["reads"]) == [10 * s + i for s in range(4) for i in range(8)]
    for s in (s0, s1):
        assert len({i // 10 for i in s["reads"]}) == 2        # two whole shards each
        assert sorted(s["seen"]) == sorted(s["reads"])


def test_lerobot_stream_shards_are_disjoint_and_complete(two):
    "One epoch of each process's shard of a LeRobotStream: every window of the dataset trained on once, by one process."
    (r0, r1), every = (r["lerobot_stream"] for r in two["ranks"]), two["ranks"][0]["lerobot_windows"]
    assert (r0["shard"], r1["shard"]) == ([0, 2], [1, 2])          # the rank came from torch.distributed
    s0, s1 = ({tuple(k) for k in r["seen"]} for r in (r0, r1))
    assert len(s0) == len(r0["seen"]) and len(s1) == len(r1["seen"]), "a window was used twice in one epoch"
    assert not s0 & s1, f"both processes trained on {sorted(s0 & s1)[:5]}"
    assert sorted(s0 | s1) == sorted(map(tuple, every)), "the shards together miss windows"
    assert len(every) == 80 and {e for e, _ in s0}.isdisjoint({e for e, _ in s1})   # whole episodes per process


def test_nan_on_one_process_skips_the_update_on_both(two):
    n0, n1 = (r["nan"] for r in two["ranks"])
    assert n0["at"] in n1["reads"] and n0["at"] not in n0["reads"]
    assert n0["skipped"] == n1["skipped"] == [0, 1, 0, 0]
    assert n0["total"] == n1["total"] == 1
    assert n0["params"] == n1["params"] and n0["ema"] == n1["ema"]
    assert all(v == v and abs(v) != float("inf") for v in n0["params"] + n0["ema"])


def test_two_process_resume_is_exact(two):
    import torch
    for r in two["ranks"]:
        res = r["resume"]
        assert res["straight"] == res["resumed"], f"process {r['rank']}: weights differ after resume"
        assert res["straight_ema"] == res["resumed_ema"], f"process {r['rank']}: EMA differs after resume"
    m = two["ranks"][0]["resume"]
    assert [x["step"] for x in m["metrics_resumed"]] == list(range(1, 13))
    assert m["metrics_straight"] == m["metrics_resumed"]
    ck = torch.load(two["out"] / "resumed" / "checkpoints" / "step_00000012.pt", weights_only=True)
    assert ck["processes"] == 2 and len(ck["ranks"]) == 2 and ck["ranks"][0]["rng"]["torch"].ne(ck["ranks"][1]["rng"]["torch"]).any()
