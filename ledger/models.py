"""The ledger app's records; each part keeps its models in its own module."""

from .exchange_models import *  # noqa: F403
from .export_models import *  # noqa: F403
from .imports_models import *  # noqa: F403
from .merge_models import *  # noqa: F403
