"""The hypothesis entry point: registers govreport's strategies for ``st.from_type``.

Kept apart from :mod:`govreport.strategies`, and lazy: hypothesis runs its entry
points while it is first imported, which may be from inside
``import govreport.strategies`` itself, before that module has its functions.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    """Register the strategies of :mod:`govreport.strategies` for ``st.from_type``.

    Requires hypothesis (pip install 'govreport[strategies]').
    """
    from hypothesis import strategies as st

    from govreport.model import (
        ActiveDisclosure2019,
        ActiveDisclosure2021,
        ApplicantRow,
        Applications,
        Report,
        ReviewGroup,
        Reviews,
    )

    def lazy(name: str, **kwargs: Any) -> st.SearchStrategy[Any]:
        def build() -> st.SearchStrategy[Any]:
            from govreport import strategies

            strategy: st.SearchStrategy[Any] = getattr(strategies, name)(**kwargs)
            return strategy

        return st.deferred(build)

    registrations: list[tuple[type, st.SearchStrategy[Any]]] = [
        (Report, lazy("reports")),
        (ApplicantRow, lazy("applicant_rows")),
        (Applications, lazy("applications", template="2021")),
        (ReviewGroup, lazy("review_groups")),
        (Reviews, lazy("reviews")),
        (ActiveDisclosure2019, lazy("active_disclosure", template="2019")),
        (ActiveDisclosure2021, lazy("active_disclosure", template="2021")),
    ]
    for cls, strategy in registrations:
        st.register_type_strategy(cls, strategy)
