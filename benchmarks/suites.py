"""What `manage.py benchmark` runs, in this order: the builders (`(ctx) -> None`), which make the
data, then the suites (`(ctx) -> list[Result]`), each measuring product paths against their
baselines. A new measurement is a function in this package and a line here."""

from collections.abc import Callable

from benchmarks import build, cases, documents, imports, persons, plans

BUILDERS: list[Callable] = [build.register, build.cases, build.plans]
SUITES: list[Callable] = [
    persons.measure_person_list,
    persons.measure_search,
    cases.measure_case_list,
    cases.measure_deep_page,
    plans.suite,
    documents.suite,
    imports.persons_suite,
    imports.cases_suite,
]


def dotted(function: Callable) -> str:
    """The dotted path the command prints and `--only` matches: `benchmarks.plans.suite`."""
    return f"{function.__module__}.{function.__name__}"
