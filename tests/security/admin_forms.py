"""The POST a browser would send from a Django admin change page, as the page shows it."""

from datetime import date, datetime, time

from django import forms


def _plain(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if hasattr(value, "pk"):
        return value.pk
    return value


def _form_data(form, data: dict) -> None:
    for name, field in form.fields.items():
        bound = form[name]
        if field.disabled:
            continue
        key = form.add_prefix(name)
        value = bound.value()
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else _plain(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [_plain(v) for v in value]
        elif value is not None:
            data[key] = _plain(value)


def admin_form_data(client, url: str) -> dict:
    """GET the change page at `url` and return the fields (and inline formsets) as they stand."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data: dict = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            _form_data(form, data)
    return data
