"""Cards in and out: Hugging Face model cards, and a CycloneDX ML-BOM for security teams.

Teams already write Hugging Face cards, and security teams read CycloneDX: this
package speaks both through the libraries those ecosystems maintain
(``huggingface_hub`` and ``cyclonedx-python-lib``), which are an optional extra. The
audit never imports this package, so a registry that does not use it pays nothing;
the commands that do call :func:`require` first and say in one line how to install.
"""

from __future__ import annotations

import importlib.util
import os
from typing import Any

INSTALL_HINT = "pip install 'ai-model-registry[interop]'"

#: What each feature needs: the import name and the distribution it comes from.
NEEDS = {
    "hf": (("huggingface_hub", "huggingface_hub"),),
    "cyclonedx": (("cyclonedx", "cyclonedx-python-lib"), ("jsonschema", "jsonschema")),
}


class InteropUnavailable(Exception):
    """The optional libraries are not installed: the command cannot run (exit code 2)."""


def require(feature: str) -> None:
    """Stop with an install hint when ``feature``'s libraries are missing.

    The check looks the modules up without importing them, so it costs nothing, and
    a module blocked on purpose (``sys.modules[name] = None``) counts as missing.
    """
    for module, dist in NEEDS[feature]:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise InteropUnavailable(f"this command needs {dist}, which is not installed: {INSTALL_HINT}")


def offline() -> None:
    """Keep ``huggingface_hub`` off the network: cards are parsed from files, never fetched.

    Set before the library is imported (it reads these once); nothing here calls the Hub,
    and the variables make sure nothing the library does on the side (telemetry, an
    update check) does either.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.environ["HF_HUB_DISABLE_IMPLICIT_TOKEN"] = "1"
    import sys

    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:  # imported earlier by someone else: its flags are already read
        for flag in ("HF_HUB_OFFLINE", "HF_HUB_DISABLE_TELEMETRY", "HF_HUB_DISABLE_IMPLICIT_TOKEN"):
            setattr(constants, flag, True)


def mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one: hand-edited cards may hold anything."""
    return value if isinstance(value, dict) else {}
