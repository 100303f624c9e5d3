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
nothing, so that a fact never disappears from one night to the next. A fact the engine does not
know yet is declared with the provider, so that a risk policy may test it:

    @register(facts={"in_after_school_class": FactSpec("bool")})

Discovered at startup (FollowupConfig.ready), like the admin.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from types import MappingProxyType

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

from risk.facts import FACTS, FactSpec

Provider = Callable[[list[int], date], dict[int, dict]]
_providers: list[Provider] = []
_facts: dict[str, FactSpec] = dict(FACTS)


def register(provider: Provider | None = None, *, facts: Mapping[str, FactSpec] | None = None):
    """Add a provider (as a decorator, with or without the facts it adds to the engine's)."""

    def add(provider: Provider) -> Provider:
        for name, spec in (facts or {}).items():
            if _facts.get(name, spec) != spec:
                raise ImproperlyConfigured(f"Risk fact {name!r} is declared twice, differently.")
            _facts[name] = spec
        if provider not in _providers:
            _providers.append(provider)
        return provider

    return add(provider) if provider is not None else add


def providers() -> list[Provider]:
    return list(_providers)


def fact_specs() -> Mapping[str, FactSpec]:
    """The facts a risk policy may test: the engine's own and those the providers declare."""
    return MappingProxyType(_facts)


def discover() -> None:
    autodiscover_modules("risk_facts")


def latest_per_child(rows: Iterable[dict]) -> dict[int, dict]:
    """The first row per child of rows ordered by child, newest first."""
    out: dict[int, dict] = {}
    for r in rows:
        out.setdefault(r["child_id"], r)
    return out
