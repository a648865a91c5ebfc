#!/usr/bin/env bash
# The one entry point. Installs what the project needs (the pinned pwsh tool, Pester, and, for the
# tests, Debian's docker-registry and skopeo), then hands over to build.ps1.
#   ./build.sh demo      build, import the module, show the local demo
#   ./build.sh test      build and run every test (xunit, then each Pester file in a fresh pwsh); lists
#                        each skipped test with its reason and ends with "N passed, N failed, N skipped"
#   ./build.sh build | help | package | bench
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NO_COLOR=1

need_apt=()
case "${1:-build}" in
  test|bench|demo)
    command -v docker-registry >/dev/null || need_apt+=(docker-registry)
    command -v htpasswd >/dev/null || need_apt+=(apache2-utils)
    command -v skopeo >/dev/null || need_apt+=(skopeo)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
    ;;
esac
if [ "${1:-}" = bench ]; then command -v hyperfine >/dev/null || need_apt+=(hyperfine); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need_apt[*]} from Debian..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "warning: ${need_apt[*]} not installed and not root; tests that need them will be skipped" >&2
  fi
fi

dotnet tool restore >/dev/null
exec dotnet pwsh -NoLogo -NoProfile -NonInteractive -File ./build.ps1 "$@"
