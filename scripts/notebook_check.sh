#!/usr/bin/env bash
# Runs every notebook in notebooks/ with `lunar notebook run` (HTML + .ipynb) and validates each .ipynb with the
# official nbformat validator (PyPI, temporary venv). Exit 0 when every notebook runs and validates.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${LUNAR_BIN:-$(swift build --show-bin-path)/lunar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check nbformat
passed=0 failed=0
for nb in notebooks/*.lua; do
  name="$(basename "$nb" .lua)"
  if "$bin" notebook run "$nb" -o "$work/$name.html" --ipynb "$work/$name.ipynb" >/dev/null \
     && "$work/venv/bin/python" -c "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))" "$work/$name.ipynb" \
     && grep -q "</html>" "$work/$name.html"; then
    echo "ok   $name (HTML and a valid .ipynb)"; passed=$((passed + 1))
  else
    echo "FAIL $name"; failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
