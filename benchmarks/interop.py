"""Measure `registry import hf` and the exports on folders of real Hugging Face cards.

    python benchmarks/interop.py [--sizes 100,1000] [--repeat 3] [--write-docs]

For each size it copies the importable real cards of the test corpus
(tests/interop/cards/real, sources in its SOURCES.md) round-robin into a folder of that
many cards, then times in fresh processes, best of ``--repeat``:

- `registry import hf FOLDER` into an empty registry (process start, parsing, writing
  every model folder and the audit of the new models included);
- `registry export cyclonedx` of the registry that import made, and `registry export hf`
  of one of its models;
- the anchor: huggingface_hub's own `ModelCard()` parsing every card in one process,
  the floor for any import that goes through the library.

It refuses to print a figure unless every card was imported and a sample of the
imported models exports the metadata huggingface_hub read from the originals.
Figures vary with the machine; docs/benchmarks.md records the latest run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REAL = ROOT / "tests" / "interop" / "cards" / "real"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from run import TODAY, Measure, best, fmt_s, machine, registry_cmd, run  # noqa: E402

#: Real cards the importer refuses (a tab in the YAML, a broken opener, a list as metadata).
REFUSED = {"allenai-primera.md", "hfhub-invalid-card-data.md", "nbailab-whisper-large-v2-nob.md"}
START, END = "<!-- interop:start -->", "<!-- interop:end -->"


def make_cards(folder: Path, count: int) -> list[Path]:
    """``count`` card files copied round-robin from the importable real cards, unique names."""
    sources = sorted(p for p in REAL.glob("*.md") if p.name not in REFUSED)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    made = []
    for i in range(count):
        source = sources[i % len(sources)]
        target = folder / f"{source.stem}-{i:05d}.md"
        target.write_bytes(source.read_bytes())
        made.append(target)
    return made


def anchor(folder: Path) -> Measure:
    script = (
        "import os, sys, pathlib\nos.environ['HF_HUB_OFFLINE'] = '1'\nfrom huggingface_hub import ModelCard\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.md')):\n"
        "    ModelCard(p.read_text(encoding='utf-8-sig')).data.to_dict()\n"
    )
    return run([sys.executable, "-c", script, str(folder)], cwd=folder)


def fresh_registry(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    run([*registry_cmd(), "init", str(path)], cwd=path)
    return path


def check_round_trip(registry: Path, cards: list[Path], sample: int = 50) -> None:
    from registry.interop.hf import parse_metadata
    from registry.interop.hf_export import render
    from registry.interop.hf_import import derive_id
    from registry.store import load_registry

    loaded = load_registry(registry)
    step = max(1, len(cards) // sample)
    for card in cards[::step]:
        model = derive_id(card)
        assert model is not None
        exported, original = render(loaded, model, TODAY), card.read_text(encoding="utf-8-sig")
        try:
            same = parse_metadata(exported) == parse_metadata(original)
        except ValueError:  # a model-index huggingface_hub refuses: compare what it reads leniently
            from huggingface_hub import ModelCard

            lenient = [ModelCard(t, ignore_metadata_errors=True).data.to_dict() for t in (exported, original)]
            same = lenient[0] == lenient[1]
        if not same:
            raise SystemExit(
                f"{card.name}: the export does not give back its metadata: refusing to report speed"
            )


def bench(count: int, out: Path, repeat: int) -> dict[str, object]:
    cards = make_cards(out / f"hf-cards-{count}", count)
    env = {"NO_COLOR": "1"}
    target = out / f"hf-registry-{count}"
    imports = []
    for _ in range(repeat):
        fresh_registry(target)
        cmd = [*registry_cmd(), "import", "hf", str(cards[0].parent), "--registry", str(target)]
        imports.append(run([*cmd, "--today", TODAY.isoformat()], cwd=out, env=env))
        if f"Imported {count} of {count} cards" not in imports[-1].stdout:
            raise SystemExit(f"[{count}] not every card was imported: refusing to report speed")
    imported = min(imports, key=lambda m: m.seconds)
    check_round_trip(target, cards)
    bom = best(
        repeat,
        lambda: run(
            [*registry_cmd(), "export", "cyclonedx", str(target), "-o", str(out / "bom.json")], cwd=out
        ),
    )
    model = sorted(p.name for p in (target / "models").iterdir() if not p.name.startswith("."))[0]
    one = best(
        repeat, lambda: run([*registry_cmd(), "export", "hf", model, "--registry", str(target)], cwd=out)
    )
    return {
        "cards": count,
        "import": imported,
        "anchor": best(repeat, lambda: anchor(cards[0].parent)),
        "bom": bom,
        "one": one,
    }


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| figure | " + " | ".join(f"{r['cards']:,} cards" for r in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]

    def line(label: str, cell: object) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in rows) + " |")  # type: ignore[operator]

    line("`registry import hf FOLDER`, audit of the new models included", lambda r: fmt_s(r["import"]))
    line("  per card", lambda r: f"{r['import'].seconds / r['cards'] * 1000:.1f} ms")
    line("  peak memory", lambda r: f"{r['import'].peak_mb:.0f} MB")
    line("anchor: huggingface_hub `ModelCard()` of every card (1 process)", lambda r: fmt_s(r["anchor"]))
    line("import / anchor", lambda r: f"{r['import'].seconds / r['anchor'].seconds:.1f}x")
    line("`registry export cyclonedx` of those models (validated)", lambda r: fmt_s(r["bom"]))
    line("`registry export hf MODEL`, process start included", lambda r: fmt_s(r["one"]))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the fastest is reported")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = [bench(int(s), args.out.resolve(), args.repeat) for s in args.sizes.split(",") if s.strip()]
    report = f"Machine: {machine()}\n\n{table(rows)}\n"
    print(report)
    if args.write_docs:
        doc = ROOT / "docs" / "benchmarks.md"
        text = doc.read_text(encoding="utf-8")
        if START not in text or END not in text:
            print("docs/benchmarks.md has no interop table markers; not updated", file=sys.stderr)
            return 1
        doc.write_text(
            text[: text.index(START) + len(START)] + "\n" + report + text[text.index(END) :], encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
