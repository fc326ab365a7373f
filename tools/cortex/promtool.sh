#!/usr/bin/env bash
# Prints the path of promtool (github.com/prometheus/prometheus/cmd/promtool), built once per Prometheus version
# from the Go module proxy into $CORTEX_RING_CACHE/promtool/<version>/promtool. It builds inside tools/cortex's
# module (go.mod lists it as a tool), so it is the Prometheus that Cortex pins and shares Cortex's downloaded
# modules and build cache. Tests use it to check the metrics exposition and the alerting rules:
#   "$(bash tools/cortex/promtool.sh)" check rules apps/cli/alerts/cortex-ring.rules.yml
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The Go module version (v0.308.1) is Prometheus 3.8.1.
module_version=$(awk '$1 == "github.com/prometheus/prometheus" { sub(/^v/, "", $2); print $2; exit }' "$cortex_dir/go.mod")
[ -n "$module_version" ] || fail "no github.com/prometheus/prometheus requirement in tools/cortex/go.mod"
prometheus=$(echo "$module_version" | awk -F. '{ printf "%d.%d.%s", $2 / 100, $2 % 100, $3 }')
bin=$cache/promtool/$prometheus/promtool
works() { [ -x "$bin" ] && memo "promtool-$prometheus" "$bin" "$bin" --version 2>/dev/null | grep -q "^promtool, version $prometheus "; }

if ! works; then
  hold_lock "$cache/promtool/$prometheus.lock"
  works || go_build "$bin" "promtool $prometheus" "$cortex_dir" github.com/prometheus/prometheus/cmd/promtool "-X github.com/prometheus/common/version.Version=$prometheus"
  works || fail "the built $bin does not report version $prometheus"
fi
echo "$bin"
