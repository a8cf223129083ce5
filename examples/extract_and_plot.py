"""Extract a corpus into SQLite, then plot applications by outcome and year (PNG).

    python examples/extract_and_plot.py REPORTS/ corpus.sqlite outcomes.png

Needs govreport[plot] (matplotlib).
"""

from __future__ import annotations

import sqlite3
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt

from govreport.corpus import extract
from govreport.template import cell_labels

# Each outcome row group's 总计 column: applications.outcomes.<group>[.<row>].total
QUERY = """
SELECT r.year, r.template, c.path, CAST(c.value AS INTEGER)
FROM cells c JOIN reports r ON r.id = c.report_id
WHERE c.path LIKE 'applications.outcomes.%.total'
  AND c.path != 'applications.outcomes.total.total'
  AND c.value IS NOT NULL AND r.year IS NOT NULL
"""


def outcomes_by_year(store: str) -> dict[str, dict[int, int]]:
    """{outcome group's label: {year: applications}} from the store's tidy cells."""
    table: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    with sqlite3.connect(store) as db:
        for year, template, path, value in db.execute(QUERY):
            # The template's labels: (section, 三、本年度办理结果, group, [row,] 总计);
            # the group is （一）予以公开, （三）不予公开, ...
            group = cell_labels(path, template)[2]
            table[group][year] += value
    return table


def plot(table: dict[str, dict[int, int]], out: str) -> None:
    plt.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "DejaVu Sans"]
    years = sorted({y for by_year in table.values() for y in by_year})
    fig, ax = plt.subplots(figsize=(9, 5))
    bottom = [0] * len(years)
    for group, by_year in table.items():
        heights = [by_year.get(y, 0) for y in years]
        ax.bar([str(y) for y in years], heights, bottom=bottom, label=group[:12])
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_xlabel("year")
    ax.set_ylabel("applications")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=100)


def main(folder: str, store: str, out: str) -> int:
    summary = extract([folder], store, jobs=2)
    table = outcomes_by_year(store)
    plot(table, out)
    print(f"{summary.stored} reports stored, {summary.failed} failed -> {store}, {out}")
    for group, by_year in sorted(table.items()):
        for year, n in sorted(by_year.items()):
            print(f"{group}\t{year}\t{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
