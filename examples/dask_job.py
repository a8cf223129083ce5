"""The same job on one machine and on a Dask cluster: applications received per
year, and how many cells were stated, recovered or left unsettled.

    python examples/dask_job.py REPORTS/             # one machine (local processes)
    python examples/dask_job.py REPORTS/ --cluster   # a dask.distributed cluster

On a real cluster, pass its scheduler address instead of starting a LocalCluster
(``Client("tcp://scheduler:8786")``) and give paths the workers can reach
(``s3://bucket/reports/``, any fsspec URL).
"""

from __future__ import annotations

import sys
from typing import Any

import govreport.dask as gdask


def job(paths: list[str]) -> tuple[Any, Any]:
    cells = gdask.cells(paths)
    received = cells[cells["path"] == "applications.new_received.total"]
    per_year = received.assign(n=received["value"].astype("Int64")).groupby("year")["n"].sum()
    statuses = cells.groupby("status").size()
    return per_year, statuses


def show(per_year: Any, statuses: Any) -> None:
    for year, n in sorted(per_year.items()):
        print(f"received\t{year}\t{n}")
    for status, n in sorted(statuses.items()):
        print(f"cells\t{status}\t{n}")


def main(argv: list[str]) -> int:
    paths = [a for a in argv if not a.startswith("--")]
    per_year, statuses = job(paths)
    if "--cluster" in argv:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
        with cluster, Client(cluster) as client:
            show(*client.compute([per_year, statuses], sync=True))
    else:
        import dask

        show(*dask.compute(per_year, statuses, scheduler="processes"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
