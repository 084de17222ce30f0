"""Rule implementations; importing this package registers them all."""

from standards.rules import access, area, counters, facilities, grouping, layout, naming, township, village  # noqa: F401
from standards.rules import circulation  # noqa: F401
