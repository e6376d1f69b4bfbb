#!/usr/bin/env bash
# Installs what tests/Pester needs on a machine without PowerShell, from NuGet only (no other download):
#   pwsh    the PowerShell global tool (NuGet package "PowerShell", installed with --tool-path)
#   Pester  the Pester 5 module (NuGet package "Pester": its tools/ folder is the module)
# into a folder outside the repository (default ~/.cache/cxoneps-tools, or $CXONE_TOOLS), then prints the two
# lines to eval so that pwsh and Pester are found:
#   eval "$(bash tests/Pester/install-tools.sh)"
#   pwsh -NoProfile -NonInteractive -File ./build.ps1 -Task Pester -NoBuild
# Everything it prints on stdout is an export line; progress goes to stderr. Idempotent.
set -euo pipefail

PWSH_VERSION=7.6.9    # the version the NuGet copy serves; a later one may need a newer .NET
PESTER_VERSION=5.7.1
tools="${CXONE_TOOLS:-$HOME/.cache/cxoneps-tools}"
mkdir -p "$tools"

if [ ! -x "$tools/pwsh/pwsh" ]; then
  echo "install-tools: PowerShell $PWSH_VERSION (dotnet tool) into $tools/pwsh" >&2
  dotnet tool install PowerShell --version "$PWSH_VERSION" --tool-path "$tools/pwsh" >&2
fi

module="$tools/modules/Pester/$PESTER_VERSION"
if [ ! -f "$module/Pester.psd1" ]; then
  echo "install-tools: Pester $PESTER_VERSION (NuGet package) into $module" >&2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # A throwaway project outside the repository, so that its Directory.*.props do not apply.
  cat > "$work/download.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
EOF
  dotnet restore "$work/download.csproj" --packages "$work/packages" >&2
  mkdir -p "$(dirname "$module")"
  rm -rf "$module"
  cp -r "$work/packages/pester/$PESTER_VERSION/tools" "$module"
fi

echo "export PATH=\"$tools/pwsh:\$PATH\""
echo "export PSModulePath=\"$tools/modules\${PSModulePath:+:\$PSModulePath}\""
