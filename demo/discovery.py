"""Finds each installed app's demo module, so that a new app adds its demo by shipping `demo.py`.

The contract of an app's `demo.py`:
- `seed(county: str, *, seed: int, today: date) -> str` writes the app's demo rows for the county
  (deterministic for the seed) and returns a one-line summary, e.g. "24 school absences";
- `ORDER` (optional, default 0): modules run by ascending ORDER, then in INSTALLED_APPS order.
  Apps whose data feeds the risk tiers keep 0; followup recomputes the tiers at 100; apps that
  need the tiers (case plans) use a larger number.
The registry and the demo personas come first, from demo.registry: every app's demo needs them.
"""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_demos() -> list[ModuleType]:
    """The installed apps' `demo` modules, in the order they must run."""
    found = []
    for index, config in enumerate(apps.get_app_configs()):
        if module_has_submodule(config.module, "demo"):
            module = import_module(f"{config.name}.demo")
            found.append((getattr(module, "ORDER", 0), index, module))
    return [module for _, _, module in sorted(found, key=lambda entry: entry[:2])]
