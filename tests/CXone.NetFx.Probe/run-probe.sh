#!/usr/bin/env bash
# Runs tests/CXone.NetFx.Probe under Mono's strict assembly loader (it binds versions the way .NET Framework does)
# against the PACKAGED module (out/CXone/<version>/, made by build.ps1 -Task Package) and a fresh emulator, on
# both of Mono's HTTP stacks: the HttpWebRequest one (.NET Framework's, as under Windows PowerShell 5.1) and
# SocketsHttpHandler. Needs: mono (apt-get install mono-devel), a Release build, pwsh for packaging.
# Prints one "netfx-probe: N passed, N failed" line; exits non-zero when a run fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

probe=tests/CXone.NetFx.Probe/bin/Release/net472/CXone.NetFx.Probe.exe
emulator=tests/CXone.Emulator/bin/Release/net10.0/CXone.Emulator.dll
[ -f "$probe" ] || { echo "run-probe: $probe is not built (dotnet build CXonePS.sln -c Release)"; exit 1; }
[ -f "$emulator" ] || { echo "run-probe: $emulator is not built"; exit 1; }
command -v mono >/dev/null || { echo "run-probe: mono is not installed (apt-get install mono-devel)"; exit 1; }

version=$(sed -n "s/^ *ModuleVersion *= *'\([^']*\)'.*/\1/p" CXone.psd1)
module=out/CXone/$version
pwsh -NoProfile -NonInteractive -File ./build.ps1 -Task Package -NoBuild >/dev/null
[ -f "$module/dependencies/CXone.Core.dll" ] || { echo "run-probe: the packaged module has no dependencies/CXone.Core.dll"; exit 1; }

# The probe's own folder must hold nothing of Core or its packages: everything binds from the module folder.
extra=$(find "$(dirname "$probe")" -maxdepth 1 -name '*.dll' | head -n 1)
[ -z "$extra" ] || { echo "run-probe: $extra sits beside the probe; it must load from the module folder"; exit 1; }

log=$(mktemp "${TMPDIR:-/tmp}/cxone-probe-emulator.XXXXXX")
dotnet "$emulator" --urls http://127.0.0.1:0 >"$log" 2>&1 &
emu_pid=$!
trap 'kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; rm -f "$log"' EXIT
issuer=
for _ in $(seq 1 600); do
  issuer=$(sed -n 's/.*CXone emulator listening on \(http[^ ]*\).*/\1/p' "$log" | head -n 1)
  [ -n "$issuer" ] && break
  kill -0 "$emu_pid" 2>/dev/null || { echo "run-probe: the emulator exited: $(cat "$log")"; exit 1; }
  sleep 0.1
done
[ -n "$issuer" ] || { echo "run-probe: the emulator did not start"; exit 1; }

# Without this, 8 parallel downloads on Mono's HttpWebRequest stack ran in waves on this 2-core machine (2.81x one
# download); with it, 0.99x. The waves follow Mono's thread-pool ramp-up (one worker per core at first, more added
# slowly), so we take it that Mono's HttpWebRequest stack holds a pool thread while a request waits; .NET Framework
# waits on I/O completion ports instead. Giving Mono's pool its threads up front makes the probe measure our
# parallelism (connection limit, throttle), not Mono's pool. What Windows does is not proven here.
export MONO_THREADS_PER_CPU=${MONO_THREADS_PER_CPU:-50}

passed=0; failed=0
for stack in webrequest sockets; do
  echo "== netfx probe: mono --assembly-loader=strict, $stack stack, module $module"
  if mono --assembly-loader=strict "$probe" "$module" "$issuer" "$stack"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
echo "netfx-probe: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
