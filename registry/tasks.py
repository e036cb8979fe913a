"""Celery tasks of the registry (interface: they only call services)."""

from celery import shared_task


@shared_task(name="registry.run_import_job", ignore_result=True)
def run_import_job(job_id: int) -> None:
    """Run an import job's dry run or commit in a worker (eager in tests and the demo)."""
    from .imports.jobs import import_job_run

    import_job_run(job_id)


@shared_task(name="registry.find_duplicates", ignore_result=True)
def find_duplicates(province_code: str | None = None) -> dict:
    """Recompute the possible duplicates (nightly over all provinces, or one after an import)."""
    from .duplicates.services import duplicates_find

    return duplicates_find(province_code=province_code).as_dict()
@shared_task(name="registry.purge_api_tokens", ignore_result=True)
def purge_api_tokens() -> int:
    """Delete API tokens that can no longer be used (hourly, from Celery beat)."""
    from .services.tokens import api_tokens_purge

    return api_tokens_purge()
