"""Parse one report and print its totals.

python examples/parse_one.py examples/ruzhou_gonganju_2023.txt
"""

from __future__ import annotations

import sys

import govreport
from govreport.template import cell_labels
from govreport.tidy import cells as tidy_cells

TOTALS = (
    "applications.new_received.total",
    "applications.carried_over.total",
    "applications.outcomes.total.total",
    "applications.carried_forward.total",
    "reviews.administrative_review.total",
    "reviews.litigation_direct.total",
    "reviews.litigation_after_review.total",
)


def main(path: str) -> int:
    try:
        result = govreport.read(path)
    except govreport.ParseError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    report = result.report
    print(f"{report.agency or '?'} {report.year or '?'} (template {report.template})")
    cells = {c.path: c.value for c in tidy_cells(result)}
    for path in TOTALS:
        label = " / ".join(cell_labels(path, report.template)[1:])
        print(f"{path}\t{cells[path] if cells[path] is not None else '-'}\t{label}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "examples/ruzhou_gonganju_2023.txt"))
