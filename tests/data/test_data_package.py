"""The course's data as shipped: it validates, every number has a source, and the tables add up."""

from __future__ import annotations

import pandas as pd
import pytest

from uspak.data import list_tables, load_table, source_note, validate_package

# CRS prints every cell rounded to the US$ million, so a printed total may differ from the sum of
# its printed lines by a million (FY2018 in the 2019 version: 23 + 84 against a printed 108).
CRS_ROUNDING_MUSD = 1.0
# The Greenbook series carry three decimals of US$ million (thousands of dollars).
GREENBOOK_ROUNDING_MUSD = 0.0015
AMOUNT_PAIRS = ["current", "const2020"]


@pytest.fixture(scope="module")
def aid() -> pd.DataFrame:
    return load_table("aid_flows")


@pytest.fixture(scope="module")
def crs() -> pd.DataFrame:
    return load_table("aid_programs_crs")


def crs_column_sums(crs: pd.DataFrame) -> pd.DataFrame:
    """Printed totals against the sums of the lines they cover, one row per printed column.

    A blank (marked) cell adds nothing: that is how the CRS's own totals treat it. Derived rows
    were never printed, so they belong to no printed column.
    """
    printed = crs[crs["status"] != "derived"]
    amounts = printed.assign(amount=printed["amount_musd"].fillna(0))
    wide = amounts.pivot_table(
        index=["table_version", "fiscal_years", "measure"],
        columns="category",
        values="amount",
        aggfunc="sum",
        observed=True,
    ).fillna(0)
    return pd.DataFrame(
        {
            "security_gap": wide["security_total"] - wide["security"],
            "economic_gap": wide["economic_total"] - wide["economic"],
            "grand_gap": wide["grand_total"]
            - wide["security_total"]
            - wide["economic_total"]
            - wide["military_reimbursement"],
        }
    )


def test_package_validates():
    """Does the data package as committed pass its own validation with no problem at all?"""
    assert validate_package() == []


@pytest.mark.parametrize("name", ["sources", "aid_flows", "aid_programs_crs"])
def test_table_is_listed_and_loads(name):
    """Is each table of this package listed, and does it load with at least one row?"""
    assert name in list_tables()
    assert len(load_table(name)) > 0


@pytest.mark.parametrize("name", ["aid_flows", "aid_programs_crs"])
def test_every_row_resolves_to_a_source(name):
    """Does every row of the table cite a source_id that the sources table lists?"""
    known = set(load_table("sources")["source_id"])
    cited = load_table(name)["source_id"]
    assert cited.notna().all()
    assert set(cited) <= known


@pytest.mark.parametrize(
    ("table", "column", "dtype"),
    [
        ("aid_flows", "fiscal_year", "str"),
        ("aid_flows", "year", "int64"),
        ("aid_flows", "transition_quarter", "bool"),
        ("aid_flows", "economic_current_musd", "float64"),
        ("aid_flows", "total_const2020_musd", "float64"),
        ("aid_programs_crs", "fy_start", "int64"),
        ("aid_programs_crs", "amount_musd", "float64"),
        ("aid_programs_crs", "category", "category"),
        ("aid_programs_crs", "measure", "category"),
        ("sources", "year", "int64"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_column_has_its_schema_dtype(table, column, dtype):
    """Does load_table give each column the pandas dtype its Table Schema type calls for?"""
    assert load_table(table)[column].dtype == dtype


def test_dates_load_as_datetimes(crs):
    """Is a date field a datetime column, so lessons can compare and format it directly?"""
    assert pd.api.types.is_datetime64_any_dtype(crs["table_version"])
    assert set(crs["table_version"].dt.year) == {2013, 2014, 2019}


def test_categories_keep_the_declared_order(crs):
    """Are the categories of an enum field in the order the schema declares them?"""
    assert list(crs["category"].cat.categories) == [
        "security",
        "economic",
        "military_reimbursement",
        "security_total",
        "economic_total",
        "grand_total",
    ]


def test_fiscal_years_have_no_gaps(aid):
    """Does aid_flows have exactly one row per fiscal year FY1948-FY2025, plus the 1976 TQ?"""
    regular = aid[~aid["transition_quarter"]]
    assert list(regular["year"]) == list(range(1948, 2026))
    quarter = aid[aid["transition_quarter"]]
    assert list(quarter["fiscal_year"]) == ["1976TQ"]
    assert list(quarter["year"]) == [1976]


def test_transition_quarter_sits_between_fy1976_and_fy1977(aid):
    """Does the table list the transition quarter in time order, after FY1976?"""
    labels = list(aid["fiscal_year"])
    assert labels[labels.index("1976TQ") - 1 : labels.index("1976TQ") + 2] == [
        "1976",
        "1976TQ",
        "1977",
    ]


@pytest.mark.parametrize("dollars", AMOUNT_PAIRS)
def test_greenbook_economic_and_military_sum_to_total(aid, dollars):
    """Do the Greenbook economic and military series add up to the total, year by year?"""
    greenbook = aid[aid["source_id"] == "usaid-greenbook-2022"]
    parts = greenbook[f"economic_{dollars}_musd"] + greenbook[f"military_{dollars}_musd"]
    gap = (parts - greenbook[f"total_{dollars}_musd"]).abs()
    assert gap.max() <= GREENBOOK_ROUNDING_MUSD, greenbook.loc[gap.idxmax(), "fiscal_year"]


def test_split_is_blank_exactly_where_the_source_gives_only_totals(aid):
    """Are economic/military blank for the ForeignAssistance.gov years and filled elsewhere?"""
    split = aid[["economic_current_musd", "military_current_musd"]].notna().all(axis=1)
    assert (split == (aid["source_id"] == "usaid-greenbook-2022")).all()
    assert set(aid.loc[~split, "fiscal_year"]) == {"2021", "2022", "2023", "2024", "2025"}


def test_partial_years_are_the_latest_two_of_the_latest_capture(aid):
    """Are exactly FY2024 and FY2025 flagged partial, the years still rising between captures?"""
    assert list(aid.loc[aid["partial"], "fiscal_year"]) == ["2024", "2025"]
    assert aid.loc[aid["partial"], "source_id"].eq("fagov-country-2025").all()


def test_partial_years_come_last(aid):
    """Does no complete year follow a partial one, so a chart can shade the tail alone?"""
    flags = list(aid["partial"])
    assert flags == sorted(flags)


def test_rebased_years_are_worth_less_in_2020_dollars(aid):
    """Are the rebased FY2021-FY2025 amounts smaller in 2020 dollars than in current dollars?"""
    fagov = aid[aid["source_id"] == "fagov-country-2025"]
    assert (fagov["total_const2020_musd"] < fagov["total_current_musd"]).all()


def test_greenbook_headline_totals(aid):
    """Do FY1948-FY2020 Greenbook obligations total the figures data/README.md quotes?"""
    greenbook = aid[aid["source_id"] == "usaid-greenbook-2022"]
    assert round(greenbook["economic_current_musd"].sum()) == 21_339
    assert round(greenbook["military_current_musd"].sum()) == 8_515


def test_crs_columns_sum_to_their_printed_totals(crs):
    """Do the CRS line items add up to each printed subtotal and grand total, within rounding?

    The 2019 version's multi-year columns are the exception, pinned in the next test.
    """
    sums = crs_column_sums(crs)
    checked = sums.drop(
        index=[("2019-03-12", "FY2002-FY2013", "appropriation")]
        + [("2019-03-12", "FY2002-FY2018", "appropriation")]
    )
    assert len(checked) == 16
    assert (checked.abs() <= CRS_ROUNDING_MUSD).all().all(), checked[checked.abs().max(axis=1) > 1]


@pytest.mark.parametrize(
    ("fiscal_years", "security_gap", "economic_gap"),
    [("FY2002-FY2013", 312, 286), ("FY2002-FY2018", 310, 298)],
)
def test_crs_2019_totals_exceed_their_listed_lines(crs, fiscal_years, security_gap, economic_gap):
    """By how much do the 2019 version's multi-year subtotals exceed the lines it lists?

    It no longer lists the 1206 (312) and DA (286) lines of the 2014 version; in FY2002-FY2018 its
    printed FMF and CSH/GHCS/GHP totals also differ from their years (+2, -12). The grand total
    still equals the subtotals plus CSF.
    """
    gaps = crs_column_sums(crs).loc[("2019-03-12", fiscal_years, "appropriation")]
    assert (gaps["security_gap"], gaps["economic_gap"], gaps["grand_gap"]) == (
        security_gap,
        economic_gap,
        0,
    )


def test_crs_aggregate_equals_its_years_across_versions(crs):
    """Does the 2014 FY2002-FY2013 column equal 2013's FY2002-FY2007 and FY2008 plus its years?"""
    printed = crs[(crs["measure"] == "appropriation") & (crs["status"] != "derived")]
    amounts = printed.assign(amount=printed["amount_musd"].fillna(0))
    total = amounts[(amounts["table_version"] == "2014-03-06") & (amounts["fy_start"] == 2002)]
    parts = amounts[
        ((amounts["table_version"] == "2013-10-24") & (amounts["fy_end"] <= 2008))
        | ((amounts["table_version"] == "2014-03-06") & (amounts["fy_start"] == amounts["fy_end"]))
    ]
    by_line = parts.groupby("line_item", observed=True)["amount"].sum()
    printed = total.set_index("line_item")["amount"]
    assert (by_line.reindex(printed.index) - printed).abs().max() <= CRS_ROUNDING_MUSD


def test_crs_revisions_are_both_kept(crs):
    """Are both printings of FY2002-FY2013 CSF kept, 11,040 (2014) and 12,125 (2019)?"""
    csf = crs[(crs["line_item"] == "CSF Reimbursements") & (crs["fiscal_years"] == "FY2002-FY2013")]
    assert sorted(csf["amount_musd"]) == [11_040, 12_125]


def test_crs_blank_amounts_always_carry_a_mark(crs):
    """Is every blank CRS amount explained by the mark the CRS printed in its place?"""
    blank = crs[crs["amount_musd"].isna()]
    assert len(blank) > 0
    assert blank["cell_mark"].notna().all()


def test_crs_single_years_cover_fy2008_to_fy2018(crs):
    """With revised rows set aside, is each line of each year FY2008-FY2018 given exactly once?"""
    single = crs[
        (crs["fy_start"] == crs["fy_end"])
        & (crs["measure"] == "appropriation")
        & (crs["status"] != "provisional")
    ]
    assert sorted(single["fy_start"].unique()) == list(range(2008, 2019))
    assert not single.duplicated(["fy_start", "line_item"]).any()


def test_crs_rows_that_are_not_as_printed_say_why(crs):
    """Does every provisional or derived CRS row carry a note, and every printed row none?"""
    marked = crs["status"] != "printed"
    assert marked.sum() > 0
    assert crs.loc[marked, "note"].notna().all()
    assert crs.loc[~marked, "note"].isna().all()


def test_crs_fy2013_csf_revision_is_carried_through(crs):
    """Is FY2013 CSF 353 (2014) marked provisional, and does the derived 1,438 fit the 2019 totals?

    FY2002-FY2007 (5,678) plus the best single years FY2008-FY2016 must give the 2019 version's
    printed FY2002-FY2018 total, 14,573.
    """
    csf = crs[(crs["line_item"] == "CSF Reimbursements") & (crs["measure"] == "appropriation")]
    fy2013 = csf[csf["fiscal_years"] == "FY2013"].set_index("status")["amount_musd"]
    assert fy2013.to_dict() == {"provisional": 353, "derived": 1_438}
    best = csf[csf["status"] != "provisional"]
    years = best[best["fy_start"] == best["fy_end"]]["amount_musd"].sum()
    early = best.loc[best["fiscal_years"] == "FY2002-FY2007", "amount_musd"].item()
    printed = best.loc[best["fiscal_years"] == "FY2002-FY2018", "amount_musd"].item()
    assert early + years == printed == 14_573


def test_source_note_for_one_source(aid):
    """Does a frame from one source get the note the contributing guide shows?"""
    greenbook_years = aid[aid["year"] <= 2020]
    assert source_note(greenbook_years) == (
        "Source: USAID, U.S. Overseas Loans and Grants (Greenbook), 2022."
    )


def test_source_note_joins_several_sources_in_order_of_appearance(aid):
    """Are several sources joined with '; ', each cited once, in the order rows cite them?"""
    note = source_note(aid)
    assert note.startswith("Source: USAID, U.S. Overseas Loans and Grants (Greenbook), 2022; ")
    assert note.count("; ") == 1
    assert "ForeignAssistance.gov" in note
    assert note.endswith(", 2025.")


def test_source_note_without_source_column_says_what_to_keep(aid):
    """Does a frame that dropped source_id get an error that says to keep the column?"""
    with pytest.raises(ValueError, match="source_id"):
        source_note(aid[["fiscal_year", "total_current_musd"]])


def test_source_note_with_unknown_id_names_it(aid):
    """Does a frame citing an id that is not in sources.csv get an error naming the id?"""
    with pytest.raises(ValueError, match="no-such-source"):
        source_note(aid.head(1).assign(source_id="no-such-source"))
