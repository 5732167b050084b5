"""The lesson tables beyond aid: what each one must contain for the lessons to be right.

The timeline, drone strikes, warheads, trade, rule periods, IMF programmes, visits and arms imports
are checked for content here (coverage, ranges that make sense, tables that agree with each other);
their types and constraints are checked by the data package validation, whose messages for bad
rows in these tables are tested at the end.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from uspak.data import load_table

DATA = Path(__file__).resolve().parents[2] / "data"

# Events the course promises to cover (issue 3): Cold War alignment to the 2025 contacts.
REQUIRED_EVENTS = [
    "1954-mutual-defense-agreement",
    "1954-seato",
    "1955-baghdad-pact",
    "1959-bilateral-agreement",
    "1960-u2-shootdown",
    "1965-war-us-embargo",
    "1971-war-begins",
    "1971-tilt-task-force-74",
    "1979-symington-aid-cutoff",
    "1979-embassy-attack",
    "1979-soviet-invasion-afghanistan",
    "1981-aid-package",
    "1986-fy1988-93-aid-package",
    "1985-pressler-amendment",
    "1990-pressler-sanctions",
    "1995-brown-amendment",
    "1998-nuclear-tests",
    "1998-glenn-sanctions",
    "1999-kargil-crisis",
    "1999-musharraf-coup",
    "2001-sanctions-waived",
    "2003-coup-sanctions-waived",
    "2004-major-non-nato-ally",
    "2004-aq-khan-confession",
    "2004-first-drone-strike",
    "2010-drone-strikes-peak",
    "2009-kerry-lugar-berman",
    "2011-raymond-davis-shooting",
    "2011-abbottabad-raid",
    "2011-salala-attack",
    "2011-nato-supply-routes-closed",
    "2012-nato-supply-routes-reopen",
    "2015-cpec-launch",
    "2016-f16-financing-refused",
    "2018-security-assistance-suspended",
    "2012-fatf-grey-list",
    "2015-fatf-exit",
    "2018-fatf-grey-list",
    "2022-fatf-removal",
    "2019-pulwama-attack",
    "2019-balakot-strike",
    "2020-doha-agreement",
    "2021-us-withdrawal-afghanistan",
    "2022-f16-sustainment-sale",
    "2008-imf-stand-by",
    "2013-imf-eff",
    "2019-imf-eff",
    "2023-imf-stand-by",
    "2024-imf-eff",
    "2025-india-pakistan-conflict",
    "2025-munir-white-house-lunch",
    "2025-sharif-munir-oval-office",
]

# (label, first year, last year): every era of the relationship has events of its own.
ERAS = [
    ("founding-1947-53", 1947, 1953),
    ("alliance-1954-64", 1954, 1964),
    ("wars-1965-78", 1965, 1978),
    ("afghan-jihad-1979-89", 1979, 1989),
    ("sanctions-1990-2000", 1990, 2000),
    ("war-on-terror-2001-10", 2001, 2010),
    ("crises-2011-20", 2011, 2020),
    ("after-kabul-2021-25", 2021, 2025),
]
EVENTS_PER_ERA = 4

LESSON_IDS = [
    "00-overview",
    "01-history",
    "02-security",
    "03-economy",
    "04-nuclear",
    "05-diplomacy",
    "06-regional",
    "07-defence",
    "08-controversies",
    "09-since-2021",
]

# Trade sources round to US$0.1 billion, so a balance may differ from exports minus imports by
# two rounding steps of half that: US$100 million.
TRADE_ROUNDING_MUSD = 100.0

# Each timeline event for an IMF programme, and the approval it must agree with.
IMF_EVENTS = {
    "2001-imf-prgf": "Poverty Reduction and Growth Facility",
    "2008-imf-stand-by": "Stand-By Arrangement",
    "2013-imf-eff": "Extended Fund Facility",
    "2019-imf-eff": "Extended Fund Facility",
    "2023-imf-stand-by": "Stand-By Arrangement",
    "2024-imf-eff": "Extended Fund Facility",
}

PRESIDENTS_WHO_VISITED = [
    "Dwight D. Eisenhower",
    "Lyndon B. Johnson",
    "Richard Nixon",
    "Bill Clinton",
    "George W. Bush",
]


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return load_table("timeline")


@pytest.fixture(scope="module")
def rule() -> pd.DataFrame:
    return load_table("rule_periods")


# --- timeline ---------------------------------------------------------------------------------


def test_timeline_has_at_least_80_events_from_1947_to_2025(timeline):
    """Does the timeline hold at least 80 events, all dated between 1947 and 2025?"""
    assert len(timeline) >= 80
    assert timeline["date"].dt.year.between(1947, 2025).all()


@pytest.mark.parametrize("event_id", REQUIRED_EVENTS)
def test_timeline_covers_required_event(timeline, event_id):
    """Is each event the course promises on the timeline?"""
    assert event_id in set(timeline["event_id"])


@pytest.mark.parametrize(("era", "first", "last"), ERAS, ids=[e[0] for e in ERAS])
def test_timeline_covers_every_era(timeline, era, first, last):
    """Does every era of the relationship have several events, not just the famous years?"""
    years = timeline["date"].dt.year
    assert years.between(first, last).sum() >= EVENTS_PER_ERA


def test_timeline_event_ids_start_with_the_event_year(timeline):
    """Does every event id begin with the year of its date, so ids sort like the timeline?"""
    id_years = timeline["event_id"].str[:4].astype(int)
    assert (id_years == timeline["date"].dt.year).all()


@pytest.mark.parametrize(
    ("precision", "first_of"), [("month", "month"), ("year", "year")], ids=["month", "year"]
)
def test_timeline_imprecise_dates_fall_on_the_first_day(timeline, precision, first_of):
    """Is an event known only to the month (or year) dated on the first day of it?"""
    dates = timeline.loc[timeline["precision"] == precision, "date"]
    assert len(dates) > 0
    assert (dates.dt.day == 1).all()
    if first_of == "year":
        assert (dates.dt.month == 1).all()


def test_timeline_descriptions_are_single_sentences(timeline):
    """Is every description one sentence: ending with a full stop, with no second sentence?"""
    text = timeline["description"]
    assert text.str.endswith(".").all()
    # A full stop after a lower-case word or a number, then a capital, starts a new sentence
    # (initials such as "George W. Bush" are not caught).
    assert not text.str[:-1].str.contains(r"[a-z0-9][.!?] [A-Z]", regex=True).any()


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_every_lesson_has_timeline_events(timeline, lesson):
    """Does each lesson have events tagged for it?"""
    tagged = timeline["lessons"].str.split(";").apply(lambda ids: lesson in ids)
    assert tagged.sum() >= 3


def test_timeline_regime_changes_match_rule_periods(timeline, rule):
    """Is every change of regime in rule_periods an event on the timeline on the same day?"""
    event_days = set(timeline["date"])
    assert set(rule["start"]) <= event_days


@pytest.mark.parametrize("event_id", sorted(IMF_EVENTS))
def test_timeline_imf_events_match_imf_programmes(timeline, event_id):
    """Does each IMF event on the timeline match an approval in imf_programmes?"""
    imf = load_table("imf_programmes")
    day = timeline.loc[timeline["event_id"] == event_id, "date"].iloc[0]
    approvals = set(zip(imf["approved"], imf["facility"], strict=True))
    assert (day, IMF_EVENTS[event_id]) in approvals


# --- drone strikes ----------------------------------------------------------------------------

DRONE_RANGES = ["killed", "civilians", "children"]


@pytest.mark.parametrize("measure", DRONE_RANGES)
def test_drone_low_estimates_never_exceed_high(measure):
    """Is every low casualty estimate at most the high one?"""
    drones = load_table("drone_strikes")
    assert (drones[f"{measure}_low"] <= drones[f"{measure}_high"]).all()


@pytest.mark.parametrize("bound", ["low", "high"])
def test_drone_civilian_deaths_never_exceed_all_deaths(bound):
    """Are civilians (and, within them, children) never more than everyone killed?"""
    drones = load_table("drone_strikes")
    assert (drones[f"civilians_{bound}"] <= drones[f"killed_{bound}"]).all()
    assert (drones[f"children_{bound}"] <= drones[f"civilians_{bound}"]).all()


def test_drone_tbij_series_runs_2004_to_2018_and_peaks_in_2010():
    """Does the TBIJ series have every year 2004-2018, with the most strikes in 2010?"""
    drones = load_table("drone_strikes")
    tbij = drones[drones["dataset"] == "tbij"].set_index("year")
    assert list(tbij.index) == list(range(2004, 2019))
    assert tbij["strikes"].idxmax() == 2010


@pytest.mark.parametrize("bound", ["low", "high"])
def test_drone_administration_totals_add_up(bound):
    """Do civilians, militants and unknown add up to the total killed for each administration?"""
    admin = load_table("drone_strikes_by_administration")
    parts = admin[f"civilians_{bound}"] + admin[f"militants_{bound}"] + admin[f"unknown_{bound}"]
    assert (parts == admin[f"total_{bound}"]).all()


# --- warheads ---------------------------------------------------------------------------------


def test_warheads_have_both_countries_every_year():
    """Is there one non-negative estimate for Pakistan and one for India in every year?"""
    warheads = load_table("warheads")
    assert (warheads["warheads"] >= 0).all()
    per_year = warheads.groupby("year")["country"].apply(set)
    assert (per_year == {"Pakistan", "India"}).all()
    assert list(per_year.index) == list(range(1998, 2026))


def test_warhead_ranges_contain_the_point_estimate():
    """Where a range is given, does it contain the point estimate?"""
    warheads = load_table("warheads").dropna(subset=["estimate_low", "estimate_high"])
    inside = (warheads["estimate_low"] <= warheads["warheads"]) & (
        warheads["warheads"] <= warheads["estimate_high"]
    )
    assert inside.all()


# --- trade ------------------------------------------------------------------------------------


def test_trade_balance_is_exports_minus_imports():
    """Where exports and imports are both given, is the balance their difference (to rounding)?"""
    trade = load_table("trade").dropna(subset=["us_exports_musd", "us_imports_musd"])
    assert len(trade) > 0
    gap = trade["us_exports_musd"] - trade["us_imports_musd"] - trade["balance_musd"]
    assert (gap.abs() <= TRADE_ROUNDING_MUSD).all()


# --- rule periods -----------------------------------------------------------------------------


def test_rule_periods_start_at_independence(rule):
    """Does the first period begin on 14 August 1947?"""
    assert rule["start"].min() == pd.Timestamp("1947-08-14")


def test_rule_periods_are_contiguous(rule):
    """Does each period end on the day the next begins, with no gap and no overlap?"""
    ordered = rule.sort_values("start")
    assert (ordered["end"].iloc[:-1].to_numpy() == ordered["start"].iloc[1:].to_numpy()).all()
    assert (ordered["start"] < ordered["end"]).iloc[:-1].all()


def test_only_the_current_period_is_open(rule):
    """Is the latest period the only one without an end?"""
    ordered = rule.sort_values("start")
    assert ordered["end"].isna().tolist() == [False] * (len(rule) - 1) + [True]


# --- IMF programmes, visits, arms imports -----------------------------------------------------


def test_imf_amounts_are_positive_where_given():
    """Is every SDR and US$ amount of an IMF programme above zero?"""
    imf = load_table("imf_programmes")
    for column in ["amount_sdr_millions", "amount_usd_millions"]:
        assert (imf[column].dropna() > 0).all()


def test_visits_end_on_or_after_they_start():
    """Does every visit with a known end finish on or after its first day?"""
    visits = load_table("visits").dropna(subset=["end"])
    assert (visits["end"] >= visits["start"]).all()


@pytest.mark.parametrize("president", PRESIDENTS_WHO_VISITED)
def test_every_presidential_visit_is_listed(president):
    """Is each of the five US presidents who visited Pakistan in the visits table?"""
    visits = load_table("visits")
    presidents = visits.loc[visits["office"] == "US President", "visitor"]
    assert president in set(presidents)


def test_arms_import_periods_are_five_year_windows():
    """Is every period five calendar years long and labelled by its first and last year?"""
    arms = load_table("arms_imports")
    assert (arms["period_end"] - arms["period_start"] == 4).all()
    labels = arms["period_start"].astype(str) + "-" + arms["period_end"].astype(str)
    assert (labels == arms["period"]).all()


def test_arms_import_shares_of_a_period_stay_within_100_percent():
    """Do the supplier shares given for one period add up to at most 100 percent?"""
    arms = load_table("arms_imports")
    assert (arms.groupby("period")["share_pct"].sum() <= 100).all()
