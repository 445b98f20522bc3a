# Shared set-up for scripts/test, scripts/demo and scripts/install: system packages and the Swift toolchain.
# Sourced, not run.

# Debian packages the build needs (C libraries found through pkg-config).
LUNAR_SYSTEM_PACKAGES=(pkg-config liblua5.4-dev libedit-dev libopenblas-dev libsqlite3-dev)

lunar_log() { printf '==> %s\n' "$*" >&2; }

# Installs the packages of LUNAR_SYSTEM_PACKAGES that are missing (non-interactive, only when needed).
lunar_ensure_system_packages() {
  local missing=()
  for pkg in "${LUNAR_SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  lunar_log "installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Puts swift on PATH (the toolchain lives in /opt/swift on Lunar's build machines).
lunar_ensure_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    for dir in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
      [ -x "$dir/swift" ] && export PATH="$dir:$PATH" && break
    done
  fi
  command -v swift >/dev/null 2>&1 || { echo "swift not found: install Swift 6 (swift.org) first" >&2; exit 1; }
}

# Python with venv for the real-client check (ib_async from PyPI) in scripts/test.
lunar_ensure_python_venv() {
  if command -v python3 >/dev/null 2>&1 && python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then return 0; fi
  LUNAR_SYSTEM_PACKAGES=(python3 python3-venv)
  lunar_ensure_system_packages
}

lunar_setup() {
  lunar_ensure_system_packages
  lunar_ensure_swift
}
