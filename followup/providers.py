"""Risk facts from the apps built on the registry, without naming them.

The registry's own facts (age, categories, parents, caregiver, household) are built in
followup.services. Every other app that knows something about a child's risk ships a
`risk_facts.py` module that registers a provider:

    @register
    def referral_facts(child_ids: list[int], today: date) -> dict[int, dict]:
        ...

A provider answers for a whole chunk of children (up to followup.services.CHUNK) with a few
queries, never one per child, and returns for every child it is asked about the facts it owns
(see risk.facts.Facts for their names and meaning), using a neutral value when it knows
nothing, so that a fact never disappears from one night to the next. Discovered at startup
(FollowupConfig.ready), like the admin.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.utils.module_loading import autodiscover_modules

Provider = Callable[[list[int], date], dict[int, dict]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def providers() -> list[Provider]:
    return list(_providers)


def discover() -> None:
    autodiscover_modules("risk_facts")


def latest_per_child(rows: Iterable[dict]) -> dict[int, dict]:
    """The first row per child of rows ordered by child, newest first."""
    out: dict[int, dict] = {}
    for r in rows:
        out.setdefault(r["child_id"], r)
    return out
