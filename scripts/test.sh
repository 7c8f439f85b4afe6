#!/usr/bin/env bash
# Install, then run every test: notebooks (nbdev_test, slow/gpu cells skipped) and the pytest suite
# (library in sync with notebooks, packaging). Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export PATH="$PWD/.venv/bin:$PATH" MUJOCO_GL="${MUJOCO_GL:-egl}"
start=$(date +%s)
nbdev_test --n_workers 2 --timing
echo "[test] notebooks passed in $(( $(date +%s) - start )) s"
pytest -q tests
