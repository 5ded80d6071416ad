"""A load test's report as one HTML page: the verdict, then throughput and latency percentiles
over time for both servers side by side, and each endpoint's p95 as bars.

The plots are SVG drawn by matplotlib, inlined, so the page is one file that opens anywhere.
"""

import html
import io
from typing import Any

from loadtests.locust_run import Measurement
from loadtests.verdict import Row, Verdict

STATUS_COLOURS = {"pass": "#1a7f37", "fail": "#cf222e", "invalid": "#9a6700"}


def _pyplot() -> Any:
    """matplotlib's pyplot, for files only (no display), imported when a report is drawn."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    _pyplot().close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def over_time(yours: Measurement, reference: Measurement) -> str:
    """Requests per second and p50/p95/p99 over the run, yours left, the reference's right."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(2, 2, figsize=(11, 6), sharex=True, sharey="row")
    for column, run in enumerate((yours, reference)):
        start = run.history[0]["t"] if run.history else 0.0
        seconds = [row["t"] - start for row in run.history]
        axes[0][column].plot(seconds, [row["rps"] for row in run.history], label="requests/s")
        axes[0][column].plot(
            seconds, [row["failures/s"] for row in run.history], label="failures/s", color="#cf222e"
        )
        axes[0][column].set_title(f"{run.target} ({run.url})")
        for point in ("50%", "95%", "99%"):
            axes[1][column].plot(
                seconds, [row[point] for row in run.history], label=f"p{point[:-1]}"
            )
        axes[1][column].set_xlabel("seconds into the run")
    axes[0][0].set_ylabel("per second")
    axes[1][0].set_ylabel("latency, ms (last 10 s)")
    for row in axes:
        row[0].legend(loc="upper left", fontsize="small")
        for each in row:
            each.grid(alpha=0.3)
    return _svg(figure)


def p95_bars(verdict: Verdict) -> str:
    """Each endpoint's p95, yours beside the reference's."""
    pyplot = _pyplot()
    rows = [row for row in verdict.rows if row.yours and row.reference]
    figure, axis = pyplot.subplots(figsize=(11, 0.4 * len(rows) + 1.2))
    places = range(len(rows))
    axis.barh(
        [p + 0.2 for p in places], [r.yours.p95 for r in rows if r.yours], height=0.4, label="yours"
    )
    axis.barh(
        [p - 0.2 for p in places],
        [r.reference.p95 for r in rows if r.reference],
        height=0.4,
        label="reference",
    )
    axis.set_yticks(list(places), [row.endpoint for row in rows], fontsize="small")
    axis.set_xlabel("p95 latency, ms")
    axis.legend(loc="lower right")
    axis.grid(axis="x", alpha=0.3)
    return _svg(figure)


def _cell(row: Row) -> str:
    def figures(side: str) -> list[str]:
        point = getattr(row, side)
        if point is None:
            return ["-"] * 5
        return [
            f"{point.rps:.1f}",
            f"{point.p50:.0f}",
            f"{point.p95:.0f}",
            f"{point.p99:.0f}",
            f"{point.failures}/{point.requests}",
        ]

    ratios = [
        f"{value:.2f}" if value is not None else "-" for value in (row.rps_ratio, row.p95_ratio)
    ]
    cells = [row.endpoint, *figures("yours"), *figures("reference"), *ratios]
    style = ' style="color:#cf222e"' if row.problems else ""
    return f"<tr{style}>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"


def render(verdict: Verdict, yours: Measurement, reference: Measurement) -> str:
    """The whole page."""
    colour = STATUS_COLOURS.get(verdict.status, "black")
    lists = "".join(
        f"<h3>{title}</h3><ul>"
        + "".join(f"<li><pre>{html.escape(i)}</pre></li>" for i in items)
        + "</ul>"
        for title, items in (
            ("Budgets missed", verdict.problems),
            ("Why the speed figures are not trusted", verdict.invalid),
            ("Notes", verdict.notes),
            (
                "Failures of yours",
                [f"{f['endpoint']}: {f['error']} (x{f['occurrences']})" for f in yours.failures],
            ),
        )
        if items
    )
    head = [
        "endpoint",
        *(
            f"{w} {what}"
            for w in ("yours", "ref.")
            for what in ("req/s", "p50", "p95", "p99", "failed")
        ),
    ]
    table = (
        "<table><tr>"
        + "".join(f"<th>{html.escape(h)}</th>" for h in [*head, "req/s ratio", "p95 ratio"])
        + "</tr>"
        + "".join(_cell(row) for row in [*verdict.rows, verdict.total])
        + "</table>"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load test of lab {verdict.lab}</title>
<style>body{{font-family:sans-serif;max-width:1150px;margin:2em auto}}
table{{border-collapse:collapse;font-size:small}}td,th{{border:1px solid #ccc;padding:2px 6px;
text-align:right}}td:first-child{{text-align:left}}pre{{white-space:pre-wrap;margin:0}}</style>
</head><body>
<h1>Load test of lab {verdict.lab}: <span style="color:{colour}">{verdict.status}</span></h1>
{lists}
<h2>Per endpoint (latencies in ms)</h2>{table}
<h2>Over time</h2>{over_time(yours, reference)}
<h2>p95 per endpoint</h2>{p95_bars(verdict)}
</body></html>
"""
