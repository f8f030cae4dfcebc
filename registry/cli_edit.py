"""The parser and dispatch of the editing verbs (``set``, ``validate``, ``handover``...).

Part of :mod:`registry.cli`, kept in its own module because the verbs share a dozen
options (``--commit``, ``--branch``, ``--push``...) and together would push ``cli.py``
past the size a reader takes in at once. As there, this only parses and dispatches:
each verb is a typed function in ``registry/commands/<verb>.py``.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from registry.model import STAGES

EDIT_VERBS = ("set", "unset", "add", "validate", "bias-test", "waive", "decide", "stage", "handover", "owner")
_TODAY_HELP = "the date of today (default: REGISTRY_TODAY, else the local date)"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text!r}") from None


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registry", default=".", metavar="PATH", help="the registry (default: here)")
    p.add_argument("--today", metavar="YYYY-MM-DD", help=_TODAY_HELP)
    p.add_argument("--dry-run", action="store_true", help="show the diff and the findings, write nothing")
    p.add_argument("--commit", action="store_true", help="commit the edited files on a review branch")
    p.add_argument("--branch", metavar="NAME", help="the review branch (default: registry/<model>/<what>)")
    p.add_argument("-m", "--message", metavar="MSG", help="the commit message (default: what the edit does)")
    p.add_argument(
        "--push",
        nargs="?",
        const="origin",
        metavar="REMOTE",
        help="also push the branch (default remote: origin) and print the pull request URL",
    )


if TYPE_CHECKING:  # typeshed's generic; argparse's own class is not subscriptable at run time
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]


def add_parsers(sub: Subcommands) -> None:
    """Add the editing verbs to ``registry``'s subcommands.

    Every verb gets the shared options after its own, so that ``--help`` lists its own first.
    """
    verbs: list[argparse.ArgumentParser] = []

    def verb(
        name: str, help: str, *, on_model: bool = True, within: Subcommands = sub
    ) -> argparse.ArgumentParser:
        p = within.add_parser(name, help=help)
        if on_model:
            p.add_argument("model", metavar="MODEL")
        verbs.append(p)
        return p

    p = verb("set", "set a value in a card: registry set MODEL PATH VALUE")
    p.add_argument("path", metavar="PATH", help="dotted, with list indexes: metrics.business[0].baseline")
    p.add_argument("value", metavar="VALUE", help="read as YAML: 0.9, 2026-11-24, [a, b], {name: x}")
    p.add_argument("--string", action="store_true", help="store VALUE as text, as typed")

    p = verb("unset", "remove a key or list item from a card")
    p.add_argument("path", metavar="PATH")

    p = verb("add", "append to a list: bias_tests, incidents, waivers, limitations, metrics.*")
    p.add_argument("path", metavar="LIST")
    p.add_argument(
        "value", metavar="VALUE", help="read as YAML, e.g. '{name: recall, value: 0.8, baseline: 0.7}'"
    )
    p.add_argument("--string", action="store_true", help="store VALUE as text, as typed")

    p = verb("validate", "record the validation of the card's current version")
    p.add_argument("--validator", required=True, help="an owner id or a person, independent of the owner")
    p.add_argument("--result", required=True, choices=("pass", "fail", "conditional"))
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="when it was done (default: today)")
    p.add_argument("--evidence", metavar="URL")
    p.add_argument(
        "--condition", action="append", default=[], metavar="TEXT", help="repeat for each condition"
    )

    p = verb("bias-test", "record a bias test")
    p.add_argument("--method", required=True)
    p.add_argument("--result", required=True, choices=("pass", "fail"))
    p.add_argument("--attribute", action="append", default=[], metavar="A", help="repeat for each attribute")
    p.add_argument("--mitigation", metavar="TEXT", help="what is done about a failed test")
    p.add_argument("--evidence", metavar="URL")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="when it was done (default: today)")

    p = verb("waive", "record a waiver of a rule for a model")
    p.add_argument("rule", metavar="RULE")
    p.add_argument("--reason", required=True)
    p.add_argument("--approved-by", required=True, metavar="WHO", help="independent of the model's owner")
    p.add_argument("--expires", required=True, type=_date, metavar="YYYY-MM-DD")

    p = verb("decide", "record a pilot's decision, dated today")
    p.add_argument("decision", choices=("go", "no-go", "iterate"))

    p = verb("stage", "move a model to another stage")
    p.add_argument("stage", choices=STAGES)

    p = verb("handover", "move every model owned or backed up by OLD to NEW, in one change", on_model=False)
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument(
        "--backup", action="store_true", help="OLD stays on as backup owner of the models it owned"
    )

    p = sub.add_parser("owner", help="owner records: registry owner new ID ...")
    owner = p.add_subparsers(dest="owner_command", metavar="ACTION", required=True)
    q = verb("new", "create owners/ID.yaml", on_model=False, within=owner)
    q.add_argument("owner_id", metavar="ID")
    q.add_argument("--kind", required=True, choices=("team", "person"))
    q.add_argument("--name", required=True)
    q.add_argument("--email", required=True)
    q.add_argument("--lead", help="the person accountable (teams)")
    q.add_argument("--member", action="append", default=[], metavar="PERSON", help="repeat for each member")
    q.add_argument("--escalation", help="where to escalate, e.g. a chat channel")

    for p in verbs:
        _common(p)


def dispatch(args: argparse.Namespace) -> int:
    """Call the verb's typed function."""
    from registry.commands.editing import Delivery, EditOptions
    from registry.commands.support import resolve_today
    from registry.edit import NewOwner, RecordBiasTest, RecordValidation

    today = resolve_today(args.today)
    delivery = Delivery(args.dry_run, args.commit, args.branch, args.message, args.push)
    options = EditOptions(args.registry, today, delivery)
    command = args.command
    if command in ("set", "add"):
        from registry.commands.add import add_value
        from registry.commands.set import set_value

        verb = set_value if command == "set" else add_value
        return verb(args.model, args.path, args.value, options, literal=args.string)
    if command == "unset":
        from registry.commands.unset import unset_value

        return unset_value(args.model, args.path, options)
    if command == "validate":
        from registry.commands.validate import validate

        day = args.date or today
        event = RecordValidation(args.validator, args.result, day, args.evidence, tuple(args.condition))
        return validate(args.model, event, options)
    if command == "bias-test":
        from registry.commands.bias_test import bias_test

        attributes = tuple(args.attribute)
        test = RecordBiasTest(
            args.method, args.result, args.date or today, attributes, args.mitigation, args.evidence
        )
        return bias_test(args.model, test, options)
    if command == "waive":
        from registry.commands.waive import waive

        return waive(
            args.model,
            args.rule,
            options,
            reason=args.reason,
            approved_by=args.approved_by,
            expires=args.expires,
        )
    if command == "decide":
        from registry.commands.decide import decide

        return decide(args.model, args.decision, options)
    if command == "stage":
        from registry.commands.stage import stage

        return stage(args.model, args.stage, options)
    if command == "handover":
        from registry.commands.handover import handover

        return handover(args.old, args.new, options, keep_as_backup=args.backup)
    from registry.commands.owner import owner_new

    owner = NewOwner(
        args.owner_id, args.kind, args.name, args.email, args.lead, tuple(args.member), args.escalation
    )
    return owner_new(owner, options)
