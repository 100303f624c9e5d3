"""Deterministic demo data: families, parents, caregivers and children for a county's villages.

A bulk load for demonstrations and benchmarks. Its writes bypass the action functions (no audit
rows, no alerts, no per-row validation), so loader.py and users.py are among the few modules
allowed to query children directly (tests/test_architecture.py); keep it that way, and never
load demo data into a registry holding real records.

Everything is drawn from one random.Random(seed), in a fixed order, so the same seed, size and
reference date give identical data, UUIDs included, whatever the batch size. The rule-based
categories (left-behind, de facto unsupported, orphan) of open records are derived from the
generated parents with children.eligibility, so the register and the rules always agree.
Proportions follow DOMAIN.md §1.2 and §5 (2016 sweep, 2018 MCA figures).

names.py holds the pools of names, cities and grades; people.py the draws of single people;
planner.py the Planner, which plans households without the database; loader.py the fast writers
and generate(); users.py the demo personas.
"""

from .loader import county_villages, generate, registry_is_empty
from .names import CITIES, KINDERGARTEN_GRADES, PRIMARY_GRADES, SECONDARY_GRADES
from .people import GRANDPARENTS
from .planner import DemoError, HouseholdPlan, Planner, Village
from .users import create_demo_users

__all__ = [
    "CITIES",
    "GRANDPARENTS",
    "KINDERGARTEN_GRADES",
    "PRIMARY_GRADES",
    "SECONDARY_GRADES",
    "DemoError",
    "HouseholdPlan",
    "Planner",
    "Village",
    "county_villages",
    "create_demo_users",
    "generate",
    "registry_is_empty",
]
