#!/usr/bin/env bash
# Regenerate and compile the plans' Vietnamese catalogue (cases/plans/locale), its Python files and
# templates/plans included. scripts/makemessages.sh cases ignores this folder, so the two catalogues
# never overwrite each other.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export PYTHONPATH="$top" DJANGO_SETTINGS_MODULE=config.settings
cd "$here"
ln -sfn "$top/templates/plans" _tpl
trap 'rm -f _tpl' EXIT
"$top/.venv/bin/python" -P -m django makemessages -l vi --symlinks --no-obsolete --ignore='migrations/*' >/dev/null
"$top/.venv/bin/python" -P -m django compilemessages -l vi >/dev/null
echo "updated cases/plans/locale"
