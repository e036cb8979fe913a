from .access import AccessLog
from .duplicates import DuplicatePair, LinkageModel, PairStatus
from .imports import ImportJob
from .persons import (
    Certificate,
    Determination,
    DisabilityLevel,
    DisabilityType,
    Ethnicity,
    Person,
    Residence,
    Sex,
)
from .staffing import SinglePersonCommune
from .tokens import ApiToken
from .units import AdminUnit, UnitLevel
from .users import Role, User

__all__ = [
    "AccessLog",
    "AdminUnit",
    "ApiToken",
    "Certificate",
    "Determination",
    "DuplicatePair",
    "DisabilityLevel",
    "DisabilityType",
    "Ethnicity",
    "ImportJob",
    "LinkageModel",
    "PairStatus",
    "Person",
    "Residence",
    "Role",
    "Sex",
    "SinglePersonCommune",
    "UnitLevel",
    "User",
]
