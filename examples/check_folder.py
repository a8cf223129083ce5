"""Check every report in a folder and write the visual HTML check report.

python examples/check_folder.py REPORTS/ check.html
"""

from __future__ import annotations

import sys

from govreport.corpus import entries
from govreport.corpus_checks import check_corpus
from govreport.html_report import write_html


def main(folder: str, out: str) -> int:
    found, failures = entries([folder])
    findings = check_corpus(found)
    write_html(out, found, findings, failures)
    print(f"{len(found)} reports, {len(failures)} failed, {len(findings)} findings -> {out}")
    for f in findings:
        if f.diagnostic.code in ("Y1", "Y2", "N1"):
            print(f"{f.source}: {f.diagnostic}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
