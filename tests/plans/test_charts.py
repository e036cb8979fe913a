"""The SVG renderer: accessible, escaped, no style attributes or scripts."""

from decimal import Decimal

from cases.plans.charts import Bar, bar_chart, column_chart


def test_bar_chart_is_accessible_and_escaped():
    svg = str(bar_chart(title="Tiếp cận <y tế>", description="Mỗi xã một thanh", ident="c1", bars=[
        Bar("Phường Hải Châu", Decimal("66.7"), "66,7 %", target=Decimal(80)),
        Bar("Xã <script>", None, "—"),
    ], max_value=100))  # fmt: skip
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Tiếp cận &lt;y tế&gt;</title>' in svg
    assert "<script" not in svg and "style=" not in svg
    assert "66,7 %" in svg and "—" in svg


def test_column_chart_with_target_line():
    svg = str(column_chart(title="Theo tháng", description="Cuối mỗi tháng", ident="m", target=Decimal(50),
                           columns=[Bar("01/2026", 10, "10"), Bar("02/2026", 30, "30"), Bar("03/2026", 0, "0")]))  # fmt: skip
    assert svg.count("<rect") == 3 and "stroke-dasharray" in svg and "02/2026" in svg


def test_empty_charts_do_not_fail():
    assert "<svg" in str(bar_chart(title="t", description="d", bars=[]))
    assert "<svg" in str(column_chart(title="t", description="d", columns=[]))
