#!/usr/bin/env bash
# Regenerate and compile the documents module's Vietnamese catalogue (registry/documents/locale),
# its Python files and templates/documents included. scripts/makemessages.sh registry ignores
# this folder, so the two catalogues never overwrite each other. The batch kinds and profile
# sections other apps own (EXTERNAL below) are translated here too: this catalogue is in
# LOCALE_PATHS, so it wins over the apps' own.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export PYTHONPATH="$top" DJANGO_SETTINGS_MODULE=config.settings
cd "$here"
ln -sfn "$top/templates/documents" _tpl
EXTERNAL=(policies/batches.py policies/profile.py cases/documents.py cases/plans/report_batch.py api/serializers/documents.py)
mkdir -p _ext
for f in "${EXTERNAL[@]}"; do ln -sfn "$top/$f" "_ext/${f//\//_}"; done
trap 'rm -rf _tpl _ext' EXIT
"$top/.venv/bin/python" -P -m django makemessages -l vi --symlinks --no-obsolete --ignore='migrations/*' >/dev/null
"$top/.venv/bin/python" -P -m django compilemessages -l vi >/dev/null
echo "updated registry/documents/locale"
