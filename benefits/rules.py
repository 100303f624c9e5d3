"""Local rules and payment standards of a place: the nearest division up the tree that has its own."""

from datetime import date
from decimal import Decimal

from django.db.models import Q

from core.scope import code_range
from geo.models import CODE_LENGTH

from . import months
from .models import BenefitRules, PaymentStandard

DEFAULT_RULES = BenefitRules(posting_days=7, recheck_months=12, start_next_month=True, pro_rata_first_month=False)


def _prefixes(code: str) -> list[str]:
    """The code and its ancestors' codes, nearest first (village, township, county, city, province)."""
    widths = sorted({w for w in CODE_LENGTH.values() if w <= len(code)}, reverse=True)
    return [code[:w] for w in widths]


def rules_for(code: str) -> BenefitRules:
    prefixes = _prefixes(code)
    rows = {r.division_id: r for r in BenefitRules.objects.filter(division_id__in=prefixes)}
    for p in prefixes:
        if p in rows:
            return rows[p]
    return DEFAULT_RULES


def month_rules(rules: BenefitRules) -> months.MonthRules:
    return months.MonthRules(start_next_month=rules.start_next_month, pro_rata_first_month=rules.pro_rata_first_month)


class Standards:
    """Every standard that can apply inside one county, loaded once; `amount(village, category,
    month)` takes the nearest division that has a standard for the category, then the one in force."""

    def __init__(self, county_code: str):
        self._by: dict[tuple[str, str], list[tuple[date, Decimal]]] = {}
        ancestors = _prefixes(county_code)
        rows = PaymentStandard.objects.filter(
            Q(division_id__in=ancestors) | Q(division__code__range=code_range(county_code))
        ).values_list("division_id", "category", "effective_from", "amount")
        for division_id, category, effective, amount in rows:
            self._by.setdefault((division_id, category), []).append((effective, amount))
        self._cache: dict[tuple[str, str, date], Decimal | None] = {}

    def amount(self, village: str, category: str, month: date) -> Decimal | None:
        key = (village, category, month)
        if key not in self._cache:
            found = None
            for p in _prefixes(village):
                rows = self._by.get((p, category))
                if rows:
                    found = months.standard_in_force(rows, month)
                    if found is not None:
                        break
            self._cache[key] = found
        return self._cache[key]
