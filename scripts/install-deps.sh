#!/usr/bin/env bash
# Installs carport's build and test dependencies from Debian 12 packages (run as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(
  build-essential cmake ninja-build pkg-config
  libzip-dev libpugixml-dev rapidjson-dev libtbb-dev libspdlog-dev libcli11-dev libssl-dev libyaml-dev libdeflate-dev
  libgtest-dev
  zip unzip default-jdk-headless python3 time
)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
