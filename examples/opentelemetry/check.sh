#!/usr/bin/env bash
# CI's check of the OpenTelemetry example (called from .ci/run, after the solution's Release build):
# runs examples/opentelemetry once and checks that
#   - it exits 0 (it does so only when its own scrape of its Prometheus endpoint had reflow_edge_messages lines),
#   - the scrape lines it printed are there,
#   - the console metric exporter printed every instrument docs/observability.md lists,
#   - the console trace exporter printed message spans (reflow.actor.receive) under the host's spans.
# Usage: check.sh OUTPUT-FILE. Exit 0 when all hold; otherwise it says which failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: check.sh OUTPUT-FILE}

if ! timeout 120 dotnet run -c Release --no-build --project examples/opentelemetry > "$out" 2>&1; then
  echo "opentelemetry example: exited with an error (see $out)" >&2
  exit 1
fi

failed=0
if ! grep -q '^scrape: reflow_edge_messages' "$out"; then
  echo "opentelemetry example: no 'scrape: reflow_edge_messages' line (see $out)" >&2
  failed=1
fi

instruments=$(sed -n '/<!-- instruments:begin -->/,/<!-- instruments:end -->/p' docs/observability.md | sed -n 's/^| `\([a-z0-9_.]*\)` |.*/\1/p')
if [ -z "$instruments" ]; then
  echo "opentelemetry example: no instruments found in docs/observability.md" >&2
  failed=1
fi
for name in $instruments; do
  if ! grep -qF "Metric Name: $name," "$out"; then
    echo "opentelemetry example: the console exporter did not print $name (see $out)" >&2
    failed=1
  fi
done

if ! grep -q 'reflow.actor.receive' "$out"; then
  echo "opentelemetry example: no reflow.actor.receive span in the console trace output (see $out)" >&2
  failed=1
fi

exit $failed
