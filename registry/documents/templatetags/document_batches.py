"""`{% batch_link "decisions" commune=… month=… as url %}`: the batch list page with a kind's
form pre-filled, or "" when the viewer may not request that kind (other apps' pages link to
their batches without knowing who may request them)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from ..kinds import batch_kinds

register = template.Library()


@register.simple_tag(takes_context=True)
def batch_link(context, kind: str, **initial) -> str:
    request = context.get("request")
    provider = batch_kinds().get(kind)
    if request is None or provider is None or not provider.may_request(request.user):
        return ""
    query = {"kind": kind, **{name: value for name, value in initial.items() if value not in (None, "")}}
    return f"{reverse('documents:batch_list')}?{urlencode(query)}#kind-{kind}"
