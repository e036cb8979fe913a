"""The entitlement engine: pure rules (`rules.py`) over plain facts (`facts.py`) and rates
(`rates.py`); `loader.py` is the only part that reads the database."""

from .facts import Item, PersonFacts
from .loader import load_facts, load_person_facts
from .rates import RateTable
from .rules import entitlements

__all__ = ["Item", "PersonFacts", "RateTable", "entitlements", "load_facts", "load_person_facts"]
