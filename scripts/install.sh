#!/usr/bin/env bash
# Install argos for development into ./.venv: system libraries, then the package with its dev and sim
# extras under constraints-dev.txt (CPU torch pin). Idempotent; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Headless rendering for the simulators (MuJoCo through EGL or OSMesa).
# FFmpeg 5.1 libraries for torchcodec (the LeRobot interop tests decode with it as lerobot does)
apt_pkgs="libegl1 libegl-mesa0 libgl1 libgl1-mesa-dri libglx-mesa0 libosmesa6 libavutil57 libavcodec59 libavformat59 libavdevice59 libavfilter8 libswscale6 libswresample4"
missing=""
for p in $apt_pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[install] apt-get install$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "[install] missing system packages:$missing (run as root or install them); continuing" >&2
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q uv
links=$(.venv/bin/python -m pip config get global.find-links 2>/dev/null || true)
find_links=()
[ -n "$links" ] && find_links=(--find-links "$links")
.venv/bin/uv pip install -q --python .venv/bin/python "${find_links[@]}" -c constraints-dev.txt -e ".[dev,sim]"
.venv/bin/python -c "import torch, argos; print(f'[install] argos {argos.__version__}, torch {torch.__version__}')"
