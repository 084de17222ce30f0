"""Rule implementations; importing this package registers them all."""

from standards.rules import area, counters, facilities, layout, naming, township, village  # noqa: F401
from standards.rules import circulation  # noqa: F401
