"""行政处罚裁量引擎 (discretion engine): facts + statutory range → outcome, fine range, reasons, basis.

Pure Python; the numbers live in the dated rulesets under ``src/jiandu/rulesets/discretion/``
(default: ``henan-2023-12-11``, bands taken from Henan's benchmark). The statute is the
Administrative Penalty Law as revised on 2021-01-22 (in force 2021-07-15), copied in
``reference/law/行政处罚法(2021-01-22).md``.

Input (one JSON object per case; ``jiandu discretion`` reads them as JSON Lines)::

    {"id": "...",
     "party":   {"kind": "enterprise" | "person", "age": 16, "mental_capacity": "full" | "partial" | "none"},
     "penalty": {"kind": "range", "min": 10000, "max": 100000}
              | {"kind": "multiple", "base": 20000, "min_times": 1, "max_times": 5},
     "facts":   {"minor": bool, "harm": "none"|"minor"|"general"|"serious", "corrected_in_time": bool, ...}}

Missing booleans are false, ``party.kind`` defaults to ``enterprise``, ``mental_capacity`` to
``full``. ``harm`` has no default: a harm that is not stated is not presumed absent, so the
"no harm" and "minor harm" rules below need it stated. ``age`` and ``mental_capacity`` count only
for a natural person (``party.kind = person``). ``penalty`` may be left out; then ``fine_range`` is
null and only the outcome is decided.

Output::

    {"id", "outcome", "fine_range": {"min", "max"} | null, "reasons": [...], "legal_basis": [...],
     "ruleset": "<version>"}

or, for a case that cannot be read, ``{"id", "error": "<中文说明,指明字段>"}``. Bad input is: a
line that is not JSON, a field of the wrong type, an unknown key (at the top level, in ``party``,
``penalty`` or ``facts``), an unknown enum value (kind, harm, mental_capacity), a negative amount,
``min > max`` or ``min_times > max_times``, a date that is not ``YYYY-MM-DD``.

How the outcome is decided, first rule that applies wins:

1. ``time_barred`` — both dates given and the violation was discovered more than 2 years after it
   ended, or more than 5 years where public life, health or financial security is involved and
   harm occurred (``life_health_or_financial_with_harm``). Discovered on the anniversary itself
   is still in time. 行政处罚法第三十六条.
2. ``no_penalty`` — a person under 14 (第三十条); a person who could not recognise or control
   their conduct, ``mental_capacity = none`` (第三十一条); ``minor`` and ``corrected_in_time`` and
   ``harm = none`` (第三十三条第一款); ``no_fault_proven`` (第三十三条第二款). Education is
   required in every case (第三十三条第三款). ``fine_range`` is null.
3. ``may_waive`` — ``first_violation`` and ``corrected_in_time`` and ``harm`` none or minor
   (第三十三条第一款, 首违不罚). The officer may still fine: ``fine_range`` is then the lenient
   (从轻) band, and a reason says so.
4. Otherwise the circumstances are counted:
   mitigating — a person aged 14–17 (第三十条, 应当从轻或者减轻); a person with partial capacity
   (第三十一条, 可以从轻或者减轻: counts as one circumstance, the officer may choose either);
   ``eliminated_harm``, ``coerced_or_deceived``, ``confessed_unknown``, ``meritorious_cooperation``
   (第三十二条第(一)至(四)项).
   aggravating — ``during_emergency`` (第四十九条); ``repeat_within_year``, ``obstruction``,
   ``evidence_tampering``, ``retaliation``, ``serious_consequence`` (从重 circumstances of the
   SAMR 指导意见 国市监法规〔2022〕2号; article numbers [unverified]).
   Both kinds present → ``standard``, with every circumstance listed in the reasons. Only
   aggravating → ``aggravated``. Mitigating only: at least ``mitigated_from_count`` (default 2) →
   ``mitigated`` (减轻), fewer → ``lenient`` (从轻). None → ``standard``.

Fine bands (fractions configurable per ruleset), span = max − min:
lenient [min, min + 0.3·span]; standard [min + 0.3·span, min + 0.7·span]; aggravated
[min + 0.7·span, max]; mitigated [max(0.01, min × lower_fraction_of_min), min − 0.01], i.e. below
the minimum and above zero (where the statute sets no minimum there is nothing below it: the
lenient band is given and a reason suggests a lighter kind of penalty). A ``multiple`` penalty is
first turned into the range [base × min_times, base × max_times] and banded the same way. Band
bounds are clamped to the statutory range, so a range is never exceeded.

Amounts: exact ``Decimal`` arithmetic inside, rounded half-up to the fen (0.01 yuan); emitted as
JSON numbers in yuan — an integer when whole, else a float with two decimals.
"""

from jiandu.engines.discretion.engine import (
    AGGRAVATING,
    FACT_BOOLEANS,
    MITIGATING,
    OUTCOMES,
    Case,
    InputError,
    assess,
    assess_lines,
    decide,
    parse_case,
)
from jiandu.engines.discretion.ruleset import Ruleset, RulesetError, available_rulesets, load_ruleset
from jiandu.engines.discretion.statutory import (
    Branch,
    CatalogueRules,
    ItemRule,
    StatutoryRange,
    statutory_range,
)

__all__ = [
    "AGGRAVATING",
    "FACT_BOOLEANS",
    "MITIGATING",
    "OUTCOMES",
    "Branch",
    "Case",
    "CatalogueRules",
    "InputError",
    "ItemRule",
    "Ruleset",
    "RulesetError",
    "StatutoryRange",
    "assess",
    "assess_lines",
    "available_rulesets",
    "decide",
    "load_ruleset",
    "parse_case",
    "statutory_range",
]
