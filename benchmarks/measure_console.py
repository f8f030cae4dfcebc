"""Time the console headlessly: first screen, full load and filter keystrokes.

    python benchmarks/measure_console.py REGISTRY [--today YYYY-MM-DD] [--keys prod]
    python benchmarks/measure_console.py --db URL   # the console over the index

prints one JSON object (benchmarks/run.py runs it in a fresh process per registry):

- ``first_screen_s``: from starting the app to the models table having rows;
- ``loaded_s``: to the complete audit;
- ``keystroke_ms``: the median time for a key typed into the filter to be handled and
  the table repainted with the filtered rows;
- ``filter_ms``: the median time the filter itself took over all rows;
- ``keystroke_cpu_ms``: the process's CPU time per keystroke, on average.

It drives the real app through Textual's Pilot; the app knows nothing about it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402

from tui.app import RegistryApp  # noqa: E402
from tui.screens.overview import OverviewScreen  # noqa: E402
from tui.widgets.model_table import ModelTable  # noqa: E402

TODAY = date(2026, 11, 24)


async def _measure(root: Path, today: date, keystrokes: str, db: str | None = None) -> dict[str, float]:
    app = RegistryApp(root, today, watch=False, index_url=db)
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(ModelTable)
        while not table.rows and not app.error:
            await asyncio.sleep(0.005)
        first = time.perf_counter() - started
        while (app.snapshot is None or not app.snapshot.complete) and not app.error:
            await asyncio.sleep(0.02)
        loaded = time.perf_counter() - started
        await pilot.pause()
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        await pilot.press("slash")
        await pilot.pause()
        driver = app._driver
        assert driver is not None
        presses: list[float] = []
        filters: list[float] = []
        original = overview.apply_filter

        def timed() -> None:
            t = time.perf_counter()
            original()
            filters.append(time.perf_counter() - t)

        overview.apply_filter = timed  # type: ignore[method-assign]

        async def keystroke(key: str, char: str | None) -> None:
            # From the key event to the table repainted with the filtered rows.
            before_rows, before_paints = table.rows, table.paints
            t = time.perf_counter()
            driver.send_message(events.Key(key, char))
            while table.rows is before_rows or table.paints == before_paints:
                await asyncio.sleep(0.0005)
            presses.append(time.perf_counter() - t)

        cpu = time.process_time()
        for char in keystrokes:
            await keystroke(char, char)
        for _ in keystrokes:
            await keystroke("backspace", None)
        cpu = time.process_time() - cpu
        rows = len(app.snapshot.rows) if app.snapshot else 0
    return {
        "models": float(rows),
        "first_screen_s": round(first, 3),
        "loaded_s": round(loaded, 3),
        "keystroke_ms": round(1000 * statistics.median(presses), 2) if presses else 0.0,
        "filter_ms": round(1000 * statistics.median(filters), 2) if filters else 0.0,
        # CPU the process spent per keystroke (all threads): what a busy machine does not inflate.
        "keystroke_cpu_ms": round(1000 * cpu / len(presses), 2) if presses else 0.0,
    }


def measure(
    root: Path, today: date = TODAY, keystrokes: str = "prod", db: str | None = None
) -> dict[str, float]:
    """The console's figures on ``root``, or over the index at ``db`` (see the module docstring)."""
    return asyncio.run(_measure(root, today, keystrokes, db))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=Path.cwd(), metavar="REGISTRY")
    parser.add_argument("--db", metavar="URL", help="measure the console over the index at URL instead")
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY, metavar="YYYY-MM-DD")
    parser.add_argument("--keys", default="prod", help="what to type into the filter")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.root, args.today, args.keys, args.db)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
