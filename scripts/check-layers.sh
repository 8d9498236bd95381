#!/usr/bin/env bash
# Fails when a file under bot/ or adapters/ includes a header of a layer above
# its own (docs/architecture.md, "Layers"). Reads every `#include "..."` line
# and names each upward edge. Run by `make test` (ctest "layers include only downward").
set -euo pipefail
cd "$(dirname "$0")/.."

# module -> rank; a file may include its own module and any module of a rank at
# or below its own. Same order as docs/architecture.md.
declare -A rank=(
  [bot/core]=0
  [bot/config]=1 [bot/parse]=1 [bot/ledger]=1 [bot/store]=1 [bot/compose]=1 [bot/export]=1 [bot/speech]=1
  [bot/privacy]=2
  [bot/daily]=3
  [bot/incidents]=4 [bot/notices]=4 [bot/delivery]=4
  [bot/conversation]=5
  [adapters/common]=6 [adapters/platform]=7 [adapters/registry]=8
  [bot/http]=9
  [bot/app]=10
  [bot/cli]=11
  [bot/main]=12
)

# bot/x/file.cpp -> bot/x; adapters/<platform>/... -> adapters/platform.
module_of() {
  local path=$1
  case "$path" in
    bot/main.cpp) echo bot/main ;;
    adapters/common/*) echo adapters/common ;;
    adapters/registry.*) echo adapters/registry ;;
    adapters/*/*) echo adapters/platform ;;
    bot/*/*) echo "${path%/*}" ;;
    *) echo "" ;;
  esac
}

bad=0
while IFS=: read -r file line text; do
  inc=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)".*/\1/' <<<"$text")
  from=$(module_of "$file")
  to=$(module_of "$inc")
  [[ -z "$from" || -z "$to" || "$from" == "$to" ]] && continue
  # An adapter sees only the delivery interface and core (and adapters/common).
  if [[ "$from" == adapters/* && "$to" == bot/* && "$to" != bot/core &&
        "$inc" != bot/delivery/adapter.h ]]; then
    echo "$file:$line: includes $inc: an adapter sees only bot/core and bot/delivery/adapter.h"
    bad=1
    continue
  fi
  # Two platforms never include each other.
  if [[ "$from" == adapters/platform && "$to" == adapters/platform &&
        "${file#adapters/}" != "${inc#adapters/}" && "${file%/*}" != "${inc%/*}" ]]; then
    echo "$file:$line: includes $inc: one platform includes another"
    bad=1
    continue
  fi
  if [[ -z "${rank[$from]:-}" || -z "${rank[$to]:-}" ]]; then
    echo "$file:$line: includes $inc: module not in the layer table (scripts/check-layers.sh)"
    bad=1
  elif ((rank[$to] > rank[$from])); then
    echo "$file:$line: $from (layer ${rank[$from]}) includes $inc ($to, layer ${rank[$to]})"
    bad=1
  fi
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' bot adapters)

if ((bad)); then
  echo "layers: the edges above go from a lower layer to a higher one"
  exit 1
fi
echo "layers include only downward"
