"""withdrawal: structured, checkable facts from news about military troop withdrawals.

Importing the package is cheap on purpose: the CLI's ``--help`` path must not
pull in spaCy, dateparser or pydantic.
"""

__version__ = "0.1.0"

# Bumped whenever rules or data change what extraction returns; part of the
# cache key so cached results are invalidated by rule changes.
RULES_VERSION = "2026.11.21-1"

SCHEMA_VERSION = 1
