#!/usr/bin/env bash
# Runs shellcheck over every shell script in the repository: tracked and new (not ignored) files named *.sh or
# starting with a sh/bash shebang. Installs Debian's shellcheck when it is missing. Exit 1 on any finding.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# shellcheck source=../debian.sh
. tools/debian.sh

if ! command -v shellcheck >/dev/null; then
  echo "shellcheck.sh: installing Debian's shellcheck" >&2
  log=$(mktemp)
  apt_install "$log" shellcheck || {
    echo "shellcheck.sh: apt-get install shellcheck failed (needs root or passwordless sudo): $(apt_reason "$log")" >&2
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
