"""ddex-ai: check the AI-disclosure metadata of DDEX ERN release deliveries.

The public API is ``check``, ``check_bytes``, ``fix``, ``upgrade``, the ``Policy`` they
take, and the results they return (``FileResult``, ``ReleaseResult``, ``Finding``,
``Severity``, ``Status``); results convert to the JSON contract with ``result.to_dict()``
(or ``result.to_json()``). Everything else is private, whatever its name. Imports are
lazy, so that ``ddex-ai`` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "FileResult",
    "Finding",
    "Policy",
    "ReleaseResult",
    "Severity",
    "Status",
    "__version__",
    "check",
    "check_bytes",
    "fix",
    "upgrade",
]

_PUBLIC = {
    "check": "ddex_ai.api",
    "check_bytes": "ddex_ai.api",
    "fix": "ddex_ai.api",
    "upgrade": "ddex_ai.api",
    "Policy": "ddex_ai.policy",
    "FileResult": "ddex_ai.results",
    "ReleaseResult": "ddex_ai.results",
    "Finding": "ddex_ai.findings",
    "Severity": "ddex_ai.findings",
    "Status": "ddex_ai.findings",
}

if TYPE_CHECKING:
    from ddex_ai.api import check, check_bytes, fix, upgrade
    from ddex_ai.findings import Finding, Severity, Status
    from ddex_ai.policy import Policy
    from ddex_ai.results import FileResult, ReleaseResult


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'ddex_ai' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
