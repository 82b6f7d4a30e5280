"""Chart geometry stays inside the canvas and scales to the data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.economics.charts import column_chart, nice_max, ranking_chart, stacked_chart


def test_nice_max() -> None:
    assert [nice_max(v) for v in (0, 0.7, 3, 180, 366.96, 1001)] == [1, 1, 5, 200, 500, 2000]


@given(
    st.lists(st.one_of(st.none(), st.floats(-500, 5000)), min_size=1, max_size=12),
    st.one_of(st.none(), st.floats(0, 5000)),
)
def test_columns_stay_inside(values: list[float | None], target: float | None) -> None:
    chart = column_chart([(str(i), v) for i, v in enumerate(values)], target=target)
    for rect in chart.rects:
        assert rect.x >= 0 and rect.x + rect.width <= chart.width + 0.1
        assert rect.y >= -0.1 and rect.y + rect.height <= chart.height + 0.1


def test_stacked_and_ranking() -> None:
    chart = stacked_chart([("1", 10, 2), ("2", 0, 0)], paid_label="paid", unpaid_label="unpaid")
    assert [r.kind for r in chart.rects] == ["paid", "unpaid"]
    ranked = ranking_chart([("b", 100), ("a", 300)], target=200)
    assert ranked.texts[0].text == "a" and len(ranked.lines) == 1
