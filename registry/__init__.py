"""registry: a git-native governance registry for AI models.

The public API the CLI and the console use. Submodules stay importable on their own
so that the audit path imports only what it needs (no Textual, no SQLModel).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AuditResult",
    "Finding",
    "ModelCard",
    "Owner",
    "Registry",
    "RegistryAudit",
    "RegistryError",
    "Severity",
    "__version__",
    "clean",
    "find_root",
    "load_catalog",
    "load_registry",
    "run_audit",
]

_EXPORTS = {
    "AuditResult": "registry.audit",
    "run_audit": "registry.audit",
    "RegistryAudit": "registry.engine",
    "Finding": "registry.findings",
    "Severity": "registry.findings",
    "ModelCard": "registry.model",
    "Owner": "registry.model",
    "Registry": "registry.model",
    "RegistryError": "registry.store",
    "find_root": "registry.store",
    "load_registry": "registry.store",
    "load_catalog": "registry.rules",
    "clean": "registry.textsafe",
}

if TYPE_CHECKING:
    from registry.audit import AuditResult, run_audit
    from registry.engine import RegistryAudit
    from registry.findings import Finding, Severity
    from registry.model import ModelCard, Owner, Registry
    from registry.rules import load_catalog
    from registry.store import RegistryError, find_root, load_registry
    from registry.textsafe import clean


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'registry' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
