"""Exception types of the library layer.

The CLI is the only error boundary: it turns these into a one-line message on
stderr and the exit code named on each class.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INPUT_ERROR = 1  # some input could not be processed; the others were
EXIT_USAGE = 2  # bad options or arguments


class WithdrawalError(Exception):
    """Base class for every error the library raises on purpose."""

    exit_code = EXIT_INPUT_ERROR
    code = "error"


class UsageError(WithdrawalError):
    """The caller asked for something that cannot be done (bad option value)."""

    exit_code = EXIT_USAGE
    code = "usage"


class ModelNotFoundError(UsageError):
    code = "model_not_found"


class InputError(WithdrawalError):
    """One input could not be read; carries the path so batches can go on."""

    def __init__(self, path: str, code: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.code = code
        self.message = message


class MalformedInputError(InputError):
    """Extraction JSON that cannot be parsed (names file and line)."""


class RulesDataError(WithdrawalError):
    """A packaged rules/data file failed validation on load (a bug, not user error)."""

    code = "rules_data"
