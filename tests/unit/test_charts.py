"""The dashboard's server-side SVG charts: bars as long as their counts, an empty chart for no data, every label
escaped, and named for screen readers."""

import re
from decimal import Decimal

from web.pages.charts import HEIGHT, WIDTH, colour_bar, trend_chart

WORDS = {"on_time": "按时办结", "late": "超时办结", "empty": "暂无数据"}
COLOURS = {"red": "超期", "amber": "临近", "green": "正常", "waiting": "等待当事人"}


def rects(svg: str, kind: str) -> list[dict[str, Decimal]]:
    return [{name: Decimal(value) for name, value in re.findall(r'(x|y|width|height)="([\d.]+)"', attrs)}
            for attrs in re.findall(rf'<rect ([^>]*)data-kind="{kind}"', svg)]


def week(*counts: tuple[int, int]) -> list[dict]:
    return [{"day": f"2026-03-{16 + i}", "on_time": on_time, "late": late} for i, (on_time, late) in enumerate(counts)]


def test_trend_bars_are_as_tall_as_their_counts_against_the_busiest_day():
    svg = trend_chart(week((4, 0), (2, 2), (1, 0)), title="近30日办结", **WORDS)
    on_time, late = rects(svg, "on_time"), rects(svg, "late")
    assert [r["height"] for r in on_time] == [HEIGHT, HEIGHT / 2, HEIGHT / 4]
    assert [r["height"] for r in late] == [HEIGHT / 2]
    assert late[0]["y"] + late[0]["height"] == on_time[1]["y"], "late sits on top of on time"
    assert "<title>2026-03-17 超时办结: 2</title>" in svg


def test_a_trend_without_cases_draws_an_empty_chart_that_says_so():
    for days in ([], week((0, 0), (0, 0))):
        svg = trend_chart(days, title="近30日办结", **WORDS)
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert rects(svg, "on_time") == rects(svg, "late") == []
        assert "暂无数据" in svg


def test_the_colour_bar_splits_its_width_by_the_share_of_each_colour_and_names_each_with_its_count():
    svg = colour_bar({"red": 1, "amber": 2, "green": 0, "waiting": 1}, COLOURS, title="办件分布", empty="暂无")
    assert [r["width"] for r in rects(svg, "red") + rects(svg, "amber") + rects(svg, "waiting")] == [
        WIDTH / 4, WIDTH / 2, WIDTH / 4]
    assert rects(svg, "green") == []
    assert all(f"{COLOURS[c]}: {n}" in svg for c, n in (("red", 1), ("amber", 2), ("green", 0), ("waiting", 1)))


def test_a_colour_bar_of_no_open_cases_is_empty():
    svg = colour_bar(dict.fromkeys(COLOURS, 0), COLOURS, title="办件分布", empty="暂无在办件")
    assert all(rects(svg, c) == [] for c in COLOURS) and "暂无在办件" in svg


def test_labels_are_escaped_and_the_chart_has_a_title_and_an_aria_label():
    svg = colour_bar({"red": 1}, {"red": '<script>alert("x")</script>'}, title='A & "B"', empty="-")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<title>A &amp; &#34;B&#34;</title>' in svg and 'aria-label="A &amp; &#34;B&#34;"' in svg
    assert 'role="img"' in svg
    trend = trend_chart([{"day": "<b>", "on_time": 1, "late": 0}], title="<i>", **WORDS)
    assert "<b>" not in trend and "<i>" not in trend
