#!/usr/bin/env bash
# Regenerate and compile the documents module's Vietnamese catalogue (registry/documents/locale),
# its Python files and templates/documents included. scripts/makemessages.sh registry ignores
# this folder, so the two catalogues never overwrite each other.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export PYTHONPATH="$top" DJANGO_SETTINGS_MODULE=config.settings
cd "$here"
ln -sfn "$top/templates/documents" _tpl
trap 'rm -f _tpl' EXIT
"$top/.venv/bin/python" -P -m django makemessages -l vi --symlinks --no-obsolete --ignore='migrations/*' >/dev/null
"$top/.venv/bin/python" -P -m django compilemessages -l vi >/dev/null
echo "updated registry/documents/locale"
