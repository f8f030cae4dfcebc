"""One explanation per rule, rendered everywhere a rule is documented.

`registry explain` (text), `registry rules` (a table, JSON or the Markdown reference in
docs/format.md) and the SARIF report's rule descriptors all render this one object,
the way ruff renders its ``Explanation``: a rule's documentation is written once, next
to the rule, and can never read differently in two places.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from registry.rules import Rule

WIDTH = 88
CONFIGURE = (
    "registry.yaml: rules: {{{code}: warning}}   # error | warning | info | off",
    "Waive for one model: waivers: [{{rule: {code}, reason: ..., approved_by: ..., expires: YYYY-MM-DD}}]",
)


@dataclass(frozen=True, slots=True)
class Explanation:
    """What a user needs to understand a finding of one rule, and to put it right."""

    code: str
    title: str
    severity: str
    applies_to: str
    stages: tuple[str, ...]
    rationale: str
    details: str
    fix: str
    example: str
    compliant: str
    waivable: bool
    family: str
    source: str

    @classmethod
    def of(cls, rule: Rule) -> Explanation:
        return cls(
            code=rule.code,
            title=rule.title,
            severity=rule.severity.value,
            applies_to=rule.applies_to,
            stages=tuple(sorted(rule.stages)),
            rationale=rule.rationale,
            details=rule.details,
            fix=rule.fix,
            example=rule.example,
            compliant=rule.compliant,
            waivable=rule.waivable,
            family=rule.family,
            source=f"registry/rules/{rule.family}.py",
        )

    @property
    def summary(self) -> str:
        """``Default severity: error. Applies to: ...`` with the waiver note."""
        waiver = "" if self.waivable else " Cannot be waived."
        return f"Default severity: {self.severity}. Applies to: {self.applies_to}.{waiver}"

    def to_dict(self) -> dict[str, str | bool | list[str]]:
        return {
            "code": self.code,
            "severity": self.severity,
            "title": self.title,
            "family": self.family,
            "stages": list(self.stages),
            "applies_to": self.applies_to,
            "rationale": self.rationale,
            "details": self.details,
            "fix": self.fix,
            "example": self.example,
            "compliant": self.compliant,
            "waivable": self.waivable,
            "source": self.source,
        }

    def text(self) -> str:
        """What `registry explain CODE` prints: plain text, wrapped, examples verbatim."""
        parts = [f"{self.code}: {self.title}", "", self.summary, ""]
        parts += ["Why it matters", *_wrap(self.rationale)]
        if self.details:
            parts += ["", "What it checks", *_wrap(self.details)]
        parts += ["", "How to fix", *_wrap(self.fix)]
        if self.example:
            parts += ["", "Fails", *_indent(self.example)]
        if self.compliant:
            parts += ["", "Passes", *_indent(self.compliant)]
        configure = [line.format(code=self.code) for line in CONFIGURE[: 2 if self.waivable else 1]]
        parts += ["", "Configure", *_indent("\n".join(configure))]
        return "\n".join(parts) + "\n"

    def markdown(self) -> str:
        """This rule's section of the rule reference in docs/format.md."""
        waivable = "" if self.waivable else " Cannot be waived."
        parts = [
            f"### {self.code}: {self.title}\n",
            f"Default severity **{self.severity}**; applies to {self.applies_to}.{waivable}\n",
            f"**Why it matters.** {self.rationale}\n",
        ]
        if self.details:
            parts.append(f"**What it checks.** {self.details}\n")
        parts.append(f"**How to fix.** {self.fix}\n")
        parts.append(self.examples_markdown())
        return "\n".join(p for p in parts if p)

    def examples_markdown(self) -> str:
        """The failing and the compliant example as fenced YAML (SARIF's help uses it too)."""
        parts = []
        if self.example:
            parts.append(f"Fails:\n\n```{_lang(self.example)}\n{self.example}\n```\n")
        if self.compliant:
            parts.append(f"Passes:\n\n```{_lang(self.compliant)}\n{self.compliant}\n```\n")
        return "\n".join(parts)


def _lang(example: str) -> str:
    """Examples are card YAML, except runbook sections (Markdown)."""
    return "markdown" if example.startswith("## ") else "yaml"


def _wrap(paragraph: str) -> list[str]:
    return textwrap.wrap(paragraph, WIDTH, initial_indent="  ", subsequent_indent="  ")


def _indent(block: str) -> list[str]:
    return [f"  {line}" if line else "" for line in block.splitlines()]


def explanations() -> list[Explanation]:
    """Every rule's explanation, in code order."""
    from registry.rules import load_catalog

    return [Explanation.of(rule) for rule in load_catalog().values()]
