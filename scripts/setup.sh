# Sourced by serve.sh and test.sh: creates .venv and installs the project once per pyproject.toml version.
# Idempotent: a second run reuses what the first installed.
PYTHON_BIN="${PYTHON:-}"
if [ -z "$PYTHON_BIN" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PYTHON_BIN="$candidate"; break
    fi
  done
fi
if [ -z "$PYTHON_BIN" ]; then
  echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2; exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON_BIN" -m venv .venv
fi
stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing the project and its dependencies into .venv ..."
  # (this machine's pip configuration names index folders that may not exist: drop only those warnings)
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]" 2> >(grep -v "^WARNING: Location 'file://" >&2)
  rm -f .venv/.installed-* && touch "$stamp"
fi
