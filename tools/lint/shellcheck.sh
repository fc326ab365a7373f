#!/usr/bin/env bash
# Runs shellcheck over every shell script in the repository: tracked and new (not ignored) files named *.sh or
# starting with a sh/bash shebang. Installs Debian's shellcheck when it is missing. Exit 1 on any finding.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

if ! command -v shellcheck >/dev/null; then
  echo "shellcheck.sh: installing Debian's shellcheck" >&2
  log=$(mktemp)
  install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 shellcheck)
  { as_root "${install[@]}" || { as_root apt-get update && as_root "${install[@]}"; }; } >"$log" 2>&1 || {
    echo "shellcheck.sh: apt-get install shellcheck failed (needs root or passwordless sudo): $(tail -n1 "$log")" >&2
    exit 1
  }
  rm -f "$log"
fi

scripts=()
while IFS= read -r -d '' file; do
  [ -f "$file" ] || continue
  if [[ $file == *.sh ]] || head -n1 "$file" | grep -qE '^#!.*[/ ](ba)?sh( |$)'; then scripts+=("$file"); fi
done < <(git ls-files -z --cached --others --exclude-standard)

[ ${#scripts[@]} -gt 0 ] || { echo "shellcheck.sh: no shell scripts found" >&2; exit 1; }

shellcheck "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean" >&2
