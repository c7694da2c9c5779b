"""The service-loop rules (rulesets/service.yaml): case-lead time limits, default terms, survey questions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jiandu.rulesets import RULESETS_DIR, load


@dataclass(frozen=True)
class ServiceRules:
    version: str
    lead_basis: str
    lead_check_workdays: int
    lead_extension_workdays: int
    assistance_workdays: int
    procedure_fix_workdays: int
    access_code_days: int
    access_lookups_per_hour: int
    survey_lookups_per_hour: int
    survey_questions: tuple[tuple[str, str], ...]


def _parse(data: Any) -> ServiceRules:
    lead = data["case_lead"]
    return ServiceRules(
        version=str(data["version"]),
        lead_basis=str(lead["basis"]),
        lead_check_workdays=int(lead["check_workdays"]),
        lead_extension_workdays=int(lead["extension_workdays"]),
        assistance_workdays=int(data["assistance_workdays"]),
        procedure_fix_workdays=int(data["procedure_fix_workdays"]),
        access_code_days=int(data["access_code_days"]),
        access_lookups_per_hour=int(data["access_lookups_per_hour"]),
        survey_lookups_per_hour=int(data["survey_lookups_per_hour"]),
        survey_questions=tuple((str(q["key"]), str(q["text"])) for q in data["survey_questions"]),
    )


def service_rules() -> ServiceRules:
    return load(RULESETS_DIR / "service.yaml", _parse)
