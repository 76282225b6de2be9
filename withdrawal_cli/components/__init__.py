"""spaCy components of withdrawal: one module per component, logic in pure functions beside it."""

from __future__ import annotations


def register_components() -> None:
    """Import every component module so its @Language.factory runs, and register extensions."""
    from withdrawal_cli.extensions import register_extensions

    register_extensions()
    from withdrawal_cli.components import dates, locations, officials, paragraphs, troops  # noqa: F401
