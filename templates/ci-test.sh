#!/usr/bin/env bash
# The packages' round trip (issue 25 §5), run by .ci/run and by hand: bash templates/ci-test.sh
#  1. packs the solution (every library under src/, the reflow tool, Reflow.Templates) into a temporary folder, with
#     CI=true (deterministic builds) and no warnings;
#  2. installs the reflow tool from that folder into a temporary tool path and runs it (--version, then an example);
#  3. installs the templates from that folder into a temporary template hive;
#  4. makes Acme.Widgets (reflow-component) and Acme.Host (reflow-host) in a temporary folder whose nuget.config takes
#     Reflow.* from the packed folder only, then builds and tests the component library and runs the host.
# Steps 2-4 restore into a temporary NUGET_PACKAGES, so packed Reflow.* packages never land in ~/.nuget/packages (where
# they would shadow a later pack of the same version). Step 1 restores the repository as every build does (its own
# obj/ must keep pointing at the usual packages folder); the repository's tree gets only its usual bin/ and obj/.
# Prints PASS or FAIL per step and ends with "template round trip steps passed: N, failed: N"; exit code 1 on a failure.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
logs=${REFLOW_ROUND_TRIP_LOGS:-$work/logs}
mkdir -p "$logs"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 CI=true
packages="$work/packages"
hive="$work/template-hive"
passed=0 failed=0

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1" >&2; }
finish() {
  echo "template round trip steps passed: $passed, failed: $failed"
  [ "$failed" -eq 0 ]
  exit
}
# run NAME LOG COMMAND...: one step, bounded in time; its output goes to LOG, the last lines are shown when it fails.
run() {
  local name=$1 log=$2 rc started=$SECONDS; shift 2
  timeout "${STEP_TIMEOUT:-300}" "$@" > "$log" 2>&1
  rc=$?
  echo "  ($name: $((SECONDS - started)) s)"
  [ "$rc" -eq 0 ] && return 0
  tail -n 25 "$log" >&2
  fail "$name (exit code $rc; see $log)"
  return 1
}

version=$(dotnet msbuild "$repo/src/Reflow.Core/Reflow.Core.csproj" -getProperty:PackageVersion 2>/dev/null | tr -d '[:space:]')
if [ -z "$version" ]; then fail "the package version (dotnet msbuild -getProperty:PackageVersion of Reflow.Core)"; finish; fi
echo "packing version $version into $packages"

# --- 1. pack ------------------------------------------------------------------------------------------------------------
# Bounded at 10 minutes: on a fresh build (no Release build before, or a new commit) it compiles every library.
if STEP_TIMEOUT=600 run "dotnet pack Reflow.Core.sln" "$logs/pack.log" dotnet pack "$repo/Reflow.Core.sln" -c Release -o "$packages"; then
  missing=()
  for project in "$repo"/src/*/*.csproj "$repo/templates/Reflow.Templates.csproj"; do
    id=$(basename "$project" .csproj)
    grep -q '<IsPackable>false</IsPackable>' "$project" && continue # shipped another way (Reflow.Native: libreflow.so)
    [ -f "$packages/$id.$version.nupkg" ] || missing+=("$id.$version.nupkg")
  done
  if grep -Eq 'warning [A-Z]+[0-9]+' "$logs/pack.log"; then
    grep -E 'warning [A-Z]+[0-9]+' "$logs/pack.log" | sort -u | head -n 10 >&2
    fail "dotnet pack: warnings (see $logs/pack.log)"
  elif [ "${#missing[@]}" -gt 0 ]; then
    fail "dotnet pack: missing ${missing[*]} in $packages"
  else
    pass "dotnet pack: $(cd "$packages" && ls -- *.nupkg | tr '\n' ' ')"
  fi
else
  finish # every later step installs what this one packs
fi

# From here on nothing is restored into the user's packages folder.
export NUGET_PACKAGES="$work/nuget-packages"
app="$work/app"
mkdir -p "$app"
# The restores below (the tool install too) run in $app under this nuget.config: Reflow.* only from the packed folder
# (a package of that name from another source is never taken), everything else from the machine's offline folder and
# the enabled sources of the user's NuGet configuration (read by key from a folder with no nuget.config; NuGet merges
# that configuration with this file).
offline=""
mapfile -t user_sources < <(cd "$work" && dotnet nuget list source 2>/dev/null | sed -n 's/^ *[0-9]*\. *\(.*\) \[Enabled\]$/\1/p')
offline_map=""
if [ -d /opt/nuget/packages ]; then
  offline='<add key="machine-offline" value="/opt/nuget/packages" />'
  offline_map='<packageSource key="machine-offline"><package pattern="*" /></packageSource>'
fi
cat > "$app/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="reflow-packed" value="$packages" />
    $offline
  </packageSources>
  <packageSourceMapping>
    <packageSource key="reflow-packed"><package pattern="Reflow.*" /></packageSource>
$(for key in "${user_sources[@]}"; do echo "    <packageSource key=\"$key\"><package pattern=\"*\" /></packageSource>"; done)
    $offline_map
  </packageSourceMapping>
</configuration>
EOF

# --- 2. the reflow tool -------------------------------------------------------------------------------------------------
tools="$work/tools"
if run "dotnet tool install Reflow.Cli" "$logs/tool-install.log" \
    env -C "$app" dotnet tool install --tool-path "$tools" --version "$version" Reflow.Cli; then
  if "$tools/reflow" --version > "$logs/tool-version.log" 2>&1 && grep -q "^$version" "$logs/tool-version.log"; then
    pass "reflow --version: $(head -n 1 "$logs/tool-version.log")"
  else
    fail "reflow --version does not print $version (see $logs/tool-version.log)"
  fi
  # An example through the installed tool, from the temporary folder: its graph finds its own files.
  if (cd "$work" && timeout 120 "$tools/reflow" run "$repo/examples/formats/greeting.fbp") > "$logs/tool-run.log" 2>&1 \
      && diff <(grep -E '^[A-Za-z0-9_-]+: ' "$logs/tool-run.log") "$repo/examples/formats/expected.txt" > /dev/null; then
    pass "reflow run examples/formats/greeting.fbp (installed tool)"
  else
    fail "reflow run examples/formats/greeting.fbp through the installed tool (see $logs/tool-run.log)"
  fi
fi

# --- 3. the templates ---------------------------------------------------------------------------------------------------
if run "dotnet new install Reflow.Templates" "$logs/new-install.log" \
    dotnet new install "$packages/Reflow.Templates.$version.nupkg" --debug:custom-hive "$hive"; then
  if grep -q 'reflow-component' "$logs/new-install.log" && grep -q 'reflow-host' "$logs/new-install.log"; then
    pass "dotnet new install Reflow.Templates.$version.nupkg (reflow-component, reflow-host)"
  else
    fail "dotnet new install: reflow-component or reflow-host is not listed (see $logs/new-install.log)"
  fi
else
  finish
fi

# --- 4. new projects from the templates, built, tested and run -----------------------------------------------------------
made=true
for template in "reflow-component Acme.Widgets" "reflow-host Acme.Host"; do
  read -r short name <<<"$template"
  if run "dotnet new $short -n $name" "$logs/new-$short.log" \
      dotnet new "$short" -n "$name" -o "$app/$name" --debug:custom-hive "$hive"; then
    # The name reached every namespace, file and component name, and the packed version every package reference.
    leftovers=$(grep -rlE 'Company\.|REFLOW_VERSION|@REFLOW_PACKAGE_VERSION@' "$app/$name" || true)
    if [ -n "$leftovers" ]; then
      fail "dotnet new $short -n $name: template text left in $(echo "$leftovers" | tr '\n' ' ')"; made=false
    elif ! grep -rqF "Include=\"Reflow.Core\" Version=\"$version\"" "$app/$name"; then
      fail "dotnet new $short -n $name: no reference to Reflow.Core $version"; made=false
    else
      pass "dotnet new $short -n $name"
    fi
  else
    made=false
  fi
done
$made || finish

widgets="$app/Acme.Widgets"
if run "dotnet build Acme.Widgets" "$logs/build-widgets.log" dotnet build "$widgets/Acme.Widgets.slnx" -c Release; then
  pass "dotnet build Acme.Widgets (component library and its tests)"
fi
if run "dotnet test Acme.Widgets" "$logs/test-widgets.log" dotnet test "$widgets/Acme.Widgets.slnx" -c Release --no-build; then
  if grep -Eq 'Passed! +- +Failed: +0, Passed: +2,' "$logs/test-widgets.log"; then
    pass "dotnet test Acme.Widgets: $(grep -Eo 'Passed: +[0-9]+' "$logs/test-widgets.log" | head -n 1)"
  else
    fail "dotnet test Acme.Widgets: expected 2 tests passed (see $logs/test-widgets.log)"
  fi
fi

host="$app/Acme.Host"
if run "dotnet run Acme.Host" "$logs/run-host.log" dotnet run -c Release --project "$host/Acme.Host.csproj" -- "hello" "round trip"; then
  expected=$'shouted: HELLO!\nshouted: ROUND TRIP!'
  if [ "$(grep '^shouted: ' "$logs/run-host.log")" = "$expected" ] && grep -Eq '^[0-9]+ messages, 0 errors$' "$logs/run-host.log"; then
    pass "dotnet run Acme.Host: $(grep -c '^shouted: ' "$logs/run-host.log") lines shouted, 0 errors"
  else
    fail "dotnet run Acme.Host printed something else (see $logs/run-host.log)"
  fi
fi

finish
