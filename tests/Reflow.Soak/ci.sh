#!/usr/bin/env bash
# The soak of CI (issue 22): 3 minutes of random seeded graphs (C#, JavaScript, WebAssembly, Python nodes) under
# injected faults, from the Release build. Exit code 0 when nothing was lost and every bound held; otherwise 1, with
# each violation printed with the seed that replays its graph (dotnet .../Reflow.Soak.dll --seed N).
# Extra arguments go to the soak (e.g. --duration 1h --report perf-reports/<date>-<commit>-soak.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dll="$here/bin/Release/net10.0/Reflow.Soak.dll"

# .ci/run builds the solution first; a fresh checkout that did not gets the build here.
[ -f "$dll" ] || dotnet build "$here/Reflow.Soak.csproj" -c Release -v quiet -nologo

# The soak stops itself after --duration; the outer limit only catches a hang of the harness itself.
exec timeout --kill-after=30 900 dotnet "$dll" --duration 180s --quiet "$@"
