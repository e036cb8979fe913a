#!/usr/bin/env bash
# Regenerate and compile the Vietnamese catalogue of one app, templates included.
# Usage: scripts/makemessages.sh APP   (registry also takes the shared templates)
set -euo pipefail
app=$1
top=$(cd "$(dirname "$0")/.." && pwd)
py="$top/.venv/bin/python"
export PYTHONPATH="$top" DJANGO_SETTINGS_MODULE=config.settings
cd "$top/$app"
links=()
link() { ln -sfn "$1" "$2"; links+=("$2"); }
[ -d "$top/templates/$app" ] && link "$top/templates/$app" _tpl_app
if [ "$app" = registry ]; then
  mkdir -p _tpl_shared
  links+=(_tpl_shared)
  for f in "$top"/templates/*.html "$top"/templates/registration "$top"/templates/includes; do
    [ -e "$f" ] && ln -sfn "$f" "_tpl_shared/$(basename "$f")"
  done
fi
trap 'rm -rf "${links[@]}"' EXIT
mkdir -p locale
"$py" -P -m django makemessages -l vi -l en --symlinks --no-obsolete --ignore='migrations/*' --ignore='imports/*' --ignore='documents/*' --ignore='plans/*' >/dev/null
"$py" -P -m django compilemessages -l vi -l en >/dev/null
echo "updated $app/locale"
