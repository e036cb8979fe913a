#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter: $PYTHON, then python3.13/3.12/python3 on PATH,
# then pyenv's installed versions. Exit 1 with a clear message when none is found.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for c in "${PYTHON:-}" python3.13 python3.12 python3; do
  [ -n "$c" ] || continue
  p=$(command -v "$c" 2>/dev/null) || continue
  ok "$p" && { echo "$p"; exit 0; }
done
for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
  [ -x "$p" ] && ok "$p" && { echo "$p"; exit 0; }
done
echo "No Python >= 3.12 found. Install Python 3.12 (e.g. 'pyenv install 3.12') or set PYTHON=/path/to/python3.12." >&2
exit 1
