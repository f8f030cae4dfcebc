"""Loader messages say what is wrong: the problem text is kept, and hints are only given
where they are true."""

from __future__ import annotations

import pytest

from registry.loader import LoadError, parse_yaml

TAB_HINT = "(a tab: indent with spaces, YAML does not allow tabs there)"


def error_of(text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        parse_yaml(text, "models/x/model_card.yaml")
    return caught.value


def test_a_repeated_anchor_names_the_anchor_and_both_places() -> None:
    error = error_of("id: x\na: &shared 1\nb: &shared 2\nc: *shared\n")
    assert str(error) == "invalid YAML: duplicate anchor 'shared' (first at line 2, column 4)"
    assert (error.line, error.column) == (3, 4)


def test_a_repeated_anchor_in_front_matter_counts_lines_from_the_file() -> None:
    with pytest.raises(LoadError) as caught:
        parse_yaml("a: &x 1\nb: &x 2\n", "runbook.md", line_offset=1)
    assert str(caught.value) == "invalid YAML: duplicate anchor 'x' (first at line 2, column 4)"
    assert caught.value.line == 3


@pytest.mark.parametrize(
    "text",
    [
        "a:\n\tb: 1\n",  # a tab as indentation
        "list:\n\t- a\n",
        "\tid: x\n",
    ],
)
def test_the_tab_hint_where_a_tab_is_the_problem(text: str) -> None:
    assert str(error_of(text)).endswith(TAB_HINT)


@pytest.mark.parametrize(
    "text",
    [
        "a: {\n\tb: 1,\n\t- c\n}\n",  # a block entry inside a flow mapping: the '-' is wrong
        "a: [\n\t- 1]\n",
        "a: [1,\n\t%x]\n",  # a reserved character after a legal tab
        "a: [1,\n\t@x]\n",
    ],
)
def test_no_tab_hint_where_tabs_are_legal(text: str) -> None:
    assert TAB_HINT not in str(error_of(text))
