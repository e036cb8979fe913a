#!/usr/bin/env bash
# Regenerate the Vietnamese catalogue of the import package (templates/imports, the job model, the
# import command and registry/exports.py included through temporary symlinks) and
# compile. New msgids need their msgstr filled in before compiling (no fuzzy entries).
set -e
top=$(cd "$(dirname "$0")/../../.." && pwd)
cd $top/registry/imports
ln -sfn $top/templates/imports _tpl_imports
ln -sfn $top/registry/models/imports.py _model_imports.py
ln -sfn $top/registry/management/commands/import_persons.py _command_import_persons.py
ln -sfn $top/registry/exports.py _exports.py
trap 'rm -f _tpl_imports _model_imports.py _command_import_persons.py _exports.py' EXIT
mkdir -p locale
PYTHONPATH=$top DJANGO_SETTINGS_MODULE=config.settings DJANGO_ENV=test $top/.venv/bin/python -P -m django makemessages -l vi --symlinks --no-obsolete --ignore='__pycache__/*' 
# msgfmt on this catalogue only (compilemessages would also compile the other LOCALE_PATHS).
msgfmt --check-format -o locale/vi/LC_MESSAGES/django.mo locale/vi/LC_MESSAGES/django.po
