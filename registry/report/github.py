"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

GitHub turns ``::error file=F,line=L,col=C,title=T::message`` lines in a step's log
into annotations on the pull request's "Files changed" tab, at that file and line.
Card text is untrusted: a message could otherwise end the command early (``,`` or
``:`` in a property), start a new command on its own line (a newline), or drive the
terminal that shows the log (escape sequences). Each value is therefore cleaned of
control characters first and then escaped the way GitHub's own toolkit does.
"""

from __future__ import annotations

from dataclasses import replace

from registry.audit import AuditResult
from registry.report import ReportContext
from registry.report.text import summary
from registry.textsafe import clean

#: Our severities to workflow command names (GitHub has no "info": it is "notice").
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message (after ``::``), as ``@actions/core`` does."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (``file=``, ``title=``): also ``:`` and ``,`` end it."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """One workflow command line; properties are written in the order given."""
    props = ",".join(f"{key}={escape_property(clean(str(value)))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(clean(message))}"


def render(result: AuditResult, ctx: ReportContext) -> str:
    lines: list[str] = []
    for f in result.findings:
        message = f"{f.rule}: {f.message}"  # the log shows the message only
        if f.model is not None:
            message += f" ({f.model})"
        lines.append(
            command(
                COMMANDS[f.severity.value],
                message,
                file=ctx.display_path(result.root, f.path).replace("\\", "/"),
                line=f.line,
                col=f.column,
                title=f.rule,
            )
        )
    if not ctx.quiet:
        lines.extend(command("notice", note, title="registry") for note in result.notes)
        # The summary is plain log text, not a command: it must not become an annotation.
        plain = summary(result, replace(ctx, color=False))
        lines.extend(clean(line) for line in plain.splitlines())
    return "".join(line + "\n" for line in lines)
