"""The phone pages' server side (issue 26), through `datasette.client`: a missing page
inside the journal's bar (not before the login), and the charts' short time axis."""

from __future__ import annotations

import re

from helpers import Pages as Site

from journal.web.charts import month_labels, months_chart


def test_a_missing_page_is_inside_the_journals_bar(met_benji):  # noqa: F811
    for path in ("/-/nothing", "/people/99", "/nothing"):
        page = Site(met_benji).get(path)
        assert page.status_code == 404, path
        assert 'class="journal-nav"' in page.text and "Not found · journal" in page.text, path
        assert 'href="/journal">Back to the start</a>' in page.text, path


def test_a_missing_page_shows_no_bar_before_the_login(met_benji):  # noqa: F811
    site = Site(met_benji, password="correct horse")
    page = site.get("/-/nothing")
    assert page.status_code == 404 and "journal-nav" not in page.text
    assert "Back to the start" in page.text
    site.post(
        "/-/login",
        {"username": "journal", "password": "correct horse", "csrftoken": site.token("/-/login")},
    )
    assert 'class="journal-nav"' in site.get("/-/nothing").text


def test_the_time_axis_says_quarters_and_years_without_crowding():
    months = ["2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    said = {m: month_labels(n, m) for n, m in enumerate(months)}
    assert said["2024-11"] == []  # two months before a January: its year would crowd
    assert said["2025-01"] == [("01", 0), ("2025", 1)]
    assert said["2025-04"] == [("04", 0)] and said["2025-02"] == []
    assert month_labels(0, "2025-06") == [("2025", 1)]  # the first month says its year
    chart = months_chart(months, [{"month": "2025-02", "how": "event", "people": 3}])
    assert "viewBox" not in chart  # drawn in page px: its labels are not scaled down
    assert re.findall(r'class="journal-chart-label">([^<]+)<', chart) == ["01", "2025", "04"]
    assert "2025-02: 3 by event" in chart
