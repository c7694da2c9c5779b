"""行政处罚裁量引擎 (discretion engine): facts + statutory range → outcome, fine range, reasons, basis.

Pure Python; the numbers live in the dated rulesets under ``src/jiandu/rulesets/discretion/``
(default: the newest, ``samr-2022-guidance-2026-12-04``, with Henan's bands and the 过罚相当
rule). The statute is the
Administrative Penalty Law as revised on 2021-01-22 (in force 2021-07-15), copied in
``reference/law/行政处罚法(2021-01-22).md``.

Input (one JSON object per case; ``jiandu discretion`` reads them as JSON Lines), either with the
statutory range given (``penalty``) or computed from the rule catalogue (``item``)::

    {"id": "...",
     "party":   {"kind": "enterprise" | "person", "age": 16, "mental_capacity": "full" | "partial" | "none"},
     "penalty": {"kind": "range", "min": 10000, "max": 100000}
              | {"kind": "multiple", "base": 20000, "min_times": 1, "max_times": 5},
     "facts":   {"minor": bool, "harm": "none"|"minor"|"general"|"serious", "corrected_in_time": bool, ...}}

    {"id": "...", "item": "PRP-9", "party": {...}, "violation_date": "YYYY-MM-DD",
     "amounts": {"goods_value": 货值金额, "illegal_gain": 违法所得, "ad_cost": 广告费用,
                 "turnover": 违法经营额, "sales_last_year": 上一年度销售额,
                 "false_capital": 虚报注册资本金额},
     "units": n, "severity": "ordinary" | "heavier" (情节较重) | "serious" (情节严重), "facts": {...}}

With ``item`` the statutory range comes from :func:`jiandu.engines.discretion.statutory.statutory_range`
over the shipped catalogue, for the item version in force on ``violation_date`` (every branch of
the article: thresholds on 货值/违法所得, no gain, individuals, 情节较重/严重, per unit). An absent
amount is unknown (an error when the branch needs it), ``0`` is none, ``null`` cannot be calculated.
The output then adds ``"statutory_range": {"min", "max", "branch", "articles", "explanation",
"units"}``, ``"item"`` (the code of the version applied), ``"statute": {"title", "version"}`` and
``"catalogue"`` (its version); the reasons start with the statutory range.

Circumstances of the 2022 指导意见 (国市监法规〔2022〕2号), each cited in the reasons:
第十三条 (shall lighten) ``eliminated_harm``, ``coerced_or_deceived``, ``confessed_unknown``,
``meritorious_cooperation`` (also 行政处罚法第三十二条) and age 14–17; 第十四条 (may lighten)
``cooperated`` (积极配合调查并主动提供证据材料), ``minor_social_harm``, ``secondary_role``,
``hardship`` and partial capacity; 第十五条 (shall aggravate) ``during_emergency``; 第十六条 (may
aggravate) ``serious_consequence``, ``instigated_others``, ``repeat_within_year``, ``obstruction``,
``retaliation``, ``seized_property_tampering``, ``evidence_tampering``. With the default ruleset
(``mitigated_needs_shall``) 减轻 needs at least one 第十三条 circumstance; "may" ones alone give
从轻. Both kinds present → ``standard`` (第十七条).

Unstated harm: with ``unstated_harm: absent`` (default ruleset) a first violation corrected in
time with no ``harm`` stated counts as without harm for ``may_waive``, and a reason says so; the
"shall not penalise" rule (第三十三条第一款前段) still needs ``harm: none`` stated.

Unstated mitigating circumstances (``unstated_mitigation``): a fact may be ``true``, ``false`` or
``null``; missing and ``null`` are "not stated". Under ``unstated_mitigation: unknown`` (default
ruleset from 2026-12-03) a 第十三、十四条 circumstance that is not stated is *unknown*, not absent:
with no circumstance stated at all the outcome is ``standard`` and the band runs from the low end of
the 从轻 band to the high end of the 一般 band (Henan bands: min to min + 0.7·span), and a reason
lists the circumstances not found either way; stating them ``false`` gives the 一般 band alone.
Aggravating circumstances are never presumed (行政处罚法第四十条). Older rulesets
(``unstated_mitigation: absent``, the default of the key) read every missing boolean as false.
``other_shall_mitigate`` is 行政处罚法第三十二条第(五)项 / 指导意见第十三条第(六)项
(其他依法应当从轻或者减轻).

Missing booleans are otherwise false, ``party.kind`` defaults to ``enterprise``, ``mental_capacity`` to
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
first turned into the range [base × min_times, base × max_times] and banded the same way — except
for a catalogue item whose ``band_kind`` has bands of its own in the ruleset (``multiple_bands``,
in multiples of the base, with their source; e.g. ``price_gain``: 从轻 0–1.5×, 一般 0.5–1.5×,
从重 3.5–5× of the illegal gain, 从轻/从重 per 指导意见第十条第(三)(四)项). Band bounds are
clamped to the statutory range, so a range is never exceeded.

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
    check_penalty,
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
    "check_penalty",
    "decide",
    "load_ruleset",
    "parse_case",
    "statutory_range",
]
