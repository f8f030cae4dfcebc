"""Finding a card's sections and their prose, whatever the template left in them."""

from __future__ import annotations

import pytest

from registry.interop.markdown import blocks, first_paragraph, heading_key, outline, prose

BODY = """\
# Model Card for Demo

<!-- Provide a quick summary. -->

A small model that sorts claims.

## Uses

### Direct Use

Triage of incoming claims.

### Downstream Use [optional]

[More Information Needed]

```python
# Not a heading: inside a code block
```

## Bias, Risks, and Limitations ##

- Trained on 2023 claims only;
  older forms are misread.
- English only.

### Recommendations

Users should be made aware.
"""


def test_outline_finds_title_lead_and_sections() -> None:
    doc = outline(BODY)
    assert doc.title == "Model Card for Demo"
    assert prose(doc.lead) == "A small model that sorts claims."
    assert [s.key for s in doc.sections] == [
        "uses",
        "direct use",
        "downstream use",
        "bias, risks, and limitations",
        "recommendations",
    ]
    assert doc.sections[1].line == 9


def test_line_endings_of_every_kind_split_lines() -> None:
    doc = outline("# T\r\n\r\nLead.\r## A\nText\r\n")
    assert doc.title == "T" and [s.title for s in doc.sections] == ["A"]
    assert prose(doc.sections[0].own) == "Text"


@pytest.mark.parametrize(
    "title, key",
    [
        ("Bias, Risks, and Limitations", "bias, risks, and limitations"),
        ("Intended uses & limitations", "intended uses and limitations"),
        ("3. **Training** [data](#x):", "training data"),
        ("🧠 Model description", "model description"),
        ("Out-of-Scope Use (optional)", "out-of-scope use"),
    ],
)
def test_heading_keys(title: str, key: str) -> None:
    assert heading_key(title) == key


def test_prose_drops_guidance_and_placeholders() -> None:
    assert prose("<!-- guidance -->\n\n[More Information Needed]\n\n") == ""
    assert (
        prose("Real text.\n- **Developed by:** [More Information Needed]\n\n\n\nMore.")
        == "Real text.\n\nMore."
    )


def test_blocks_are_list_items_and_paragraphs_on_one_line_each() -> None:
    section = outline(BODY).sections[3]
    assert blocks(section.own) == ["Trained on 2023 claims only; older forms are misread.", "English only."]
    assert blocks("Para one\ncontinues.\n\n1. first\n2) second\n\n```\ncode\n```\n") == [
        "Para one continues.",
        "first",
        "second",
        "```\ncode\n```",
    ]


def test_first_paragraph_skips_what_is_not_a_sentence() -> None:
    text = (
        "![badge](x.svg)\n\n| a | b |\n\nlanguage:\n\nThis model sorts claims.\nIt achieves:\n- Loss: 0.1\n"
    )
    assert first_paragraph(text) == "This model sorts claims. It achieves:"
    assert first_paragraph("[More Information Needed]") is None
