"""Administrators correct the legal bases printed on documents; batches are read-only here."""

from django.contrib import admin

from registry.admin_base import AdministratorsOnly, ReadOnlyDomainAdmin

from .models import DocumentBatch, LegalBasis


@admin.register(LegalBasis)
class LegalBasisAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("document", "sort_order", "text", "valid_from", "valid_to")
    list_filter = ("document",)
    search_fields = ("text", "note")
    ordering = ("document", "sort_order", "id")

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(DocumentBatch)
class DocumentBatchAdmin(ReadOnlyDomainAdmin, admin.ModelAdmin):
    person_path = None  # a batch is a commune's or a plan's documents, not one person's
    list_display = ("requested_at", "kind", "title", "status", "done", "total", "pages")
    list_filter = ("kind", "status")
