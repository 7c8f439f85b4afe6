#!/usr/bin/env bash
# Install, then run the main job on the embedded default data; the report lands in outputs/main/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export MUJOCO_GL="${MUJOCO_GL:-egl}"
.venv/bin/argos-main --out outputs/main "$@"
