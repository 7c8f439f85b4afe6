#!/usr/bin/env bash
# Install, then run every test: notebooks (nbdev_test, slow/gpu cells skipped) and the pytest suite
# (library in sync with notebooks, packaging). Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# nbdev_test runs notebooks in parallel processes: one torch thread each, or the processes' thread pools fight over
# the cores (measured: a training step 4-8x slower with 2 threads per process on a loaded 2-core machine).
export PATH="$PWD/.venv/bin:$PATH" MUJOCO_GL="${MUJOCO_GL:-egl}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
start=$(date +%s)
nbdev_test --n_workers 2 --timing
echo "[test] notebooks passed in $(( $(date +%s) - start )) s"
pytest -q tests
