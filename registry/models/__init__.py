from .access import AccessLog
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
from .tokens import ApiToken
from .units import AdminUnit, UnitLevel
from .users import Role, User

__all__ = [
    "AccessLog",
    "AdminUnit",
    "ApiToken",
    "Certificate",
    "Determination",
    "DisabilityLevel",
    "DisabilityType",
    "Ethnicity",
    "ImportJob",
    "Person",
    "Residence",
    "Role",
    "Sex",
    "UnitLevel",
    "User",
]
