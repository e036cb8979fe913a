"""Placeholder views (being replaced by the registry web UI)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def dashboard(request):
    return HttpResponse("dashboard")


@login_required
def person_list(request):
    return HttpResponse("persons")


@login_required
def person_detail(request, pk):
    return HttpResponse("person")


@login_required
def access_log(request):
    return HttpResponse("log")
