"""The website's exercises in headless Chromium, on a standalone page built from the fixture bank
with the static host (no book build): feedback, hints, reveal, keyboard operation, the download,
and that the page neither leaks keys nor requests anything from outside itself."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_check import serious_violations

from uspak.exercises.arrangement import display_order
from uspak.exercises.bank import read_bank_file
from uspak.exercises.compile import compile_exercise
from uspak.exercises.notebook import exercise_html, hand_in_html
from uspak.exercises.progress import progress_document
from uspak.submission import NOTHING_TO_GRADE, parse_submission

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "cases" / "99-fixture.yml"
STATIC = Path(__file__).parents[2] / "src" / "uspak" / "exercises" / "static"
BANK = read_bank_file(FIXTURE)
KEYS = ["Enhanced Partnership", "Islamabad", "1234.5", "signed in 1954", "Later than the right"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A page with every fixture exercise and the hand-in panel, as the book's HTML holds them."""
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(STATIC, site / "_static")
    body = "\n".join(exercise_html(compile_exercise(spec)) for spec in BANK)
    (site / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Exercises</title>"
        "<link rel='stylesheet' href='_static/exercise.css'>"
        "<script type='module' src='_static/exercise.js'></script></head>"
        f"<body><main>{body}\n{hand_in_html(BANK)}</main></body></html>",
        "utf-8",
    )
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def page(browser_page, page_url: str):
    browser_page.goto(page_url)
    browser_page.wait_for_selector("[data-exercise-id='l99-single'] .uspak-check")
    return browser_page


def exercise(page, exercise_id: str):
    return page.locator(f"[data-exercise-id='{exercise_id}']")


def status_of(page, exercise_id: str) -> str:
    text = exercise(page, exercise_id).get_by_role("status").inner_text()
    return "\n".join(line for line in text.splitlines() if line.strip())


def test_wrong_answer_gets_feedback_and_right_answer_success(page) -> None:
    """Does a wrong choice get ✗ with its option's feedback, and the right one ✓?"""
    single = exercise(page, "l99-single")
    single.get_by_label("1959").check()
    single.get_by_role("button", name="Check").click()
    assert status_of(page, "l99-single") == "✗ Not quite.\nLater than the right answer."
    single.get_by_label("1954").check()
    single.get_by_role("button", name="Check").click()
    assert status_of(page, "l99-single") == "✓ Correct."
    assert "2 attempts" in single.inner_text()


def test_malformed_number_gets_a_message_not_a_verdict(page) -> None:
    """Does "12,3,4" get an explanation of the expected form, without costing an attempt?"""
    numeric = exercise(page, "l99-numeric")
    numeric.get_by_label("Your answer (US$ million)").fill("12,3,4")
    numeric.get_by_role("button", name="Check").click()
    assert status_of(page, "l99-numeric") == (
        "Commas must separate groups of three digits, as in 1,234,567."
    )
    assert "0 attempts" in numeric.inner_text()


def test_hints_appear_one_at_a_time_in_order(page) -> None:
    """Does each press of the hint button reveal the next hint, then the button go away?"""
    single = exercise(page, "l99-single")
    single.get_by_role("button", name="Show hint 1 of 2").click()
    assert single.locator(".uspak-hints li").all_inner_texts() == ["Think of SEATO."]
    single.get_by_role("button", name="Show hint 2 of 2").click()
    assert single.locator(".uspak-hints li").all_inner_texts() == [
        "Think of SEATO.",
        "It is before 1955.",
    ]
    assert single.locator(".uspak-hint-button").is_hidden()


def test_explanation_is_revealed_after_reveal_after_attempts(page) -> None:
    """Is the explanation hidden at first and shown after `reveal_after` (2) wrong attempts?"""
    single = exercise(page, "l99-single")
    assert single.locator(".uspak-explanation").is_hidden()
    single.get_by_label("1971").check()
    for _ in range(2):
        single.get_by_role("button", name="Check").click()
    assert "signed in 1954" in single.locator(".uspak-explanation").inner_text()


def test_ordering_and_matching_work_from_the_keyboard(page) -> None:
    """Can a student order items with the move buttons and match pairs with selects, by keyboard?"""
    order = exercise(page, "l99-order")
    right = list(next(spec for spec in BANK if spec.id == "l99-order").answer)
    shown = lambda: order.locator("li[data-item-id]").evaluate_all(  # noqa: E731
        "items => items.map(i => i.dataset.itemId)"
    )
    assert shown() != right, "an ordering exercise must not start in the right order"
    order.get_by_role("button", name="Check").focus()
    page.keyboard.press("Enter")  # checks the order as arranged: an attempt, not a refusal
    assert status_of(page, "l99-order").startswith("✗ Not yet:")
    for place, item in enumerate(right):
        while shown().index(item) > place:
            order.locator(f"li[data-item-id='{item}'] button").first.focus()
            page.keyboard.press("Enter")
    assert shown() == right
    order.get_by_role("button", name="Check").click()
    assert status_of(page, "l99-order") == "✓ Correct."

    match = exercise(page, "l99-match")
    for left, right in [("1954", "pact"), ("1990", "cut"), ("2009", "law")]:
        match.get_by_label(left).select_option(right)
    match.get_by_role("button", name="Check").click()
    assert status_of(page, "l99-match") == "✓ Correct."


def test_responses_survive_a_reload(page) -> None:
    """Are responses and verdicts kept in localStorage and shown again after a reload?"""
    exercise(page, "l99-text").get_by_label("Your answer").fill("Kerry–Lugar–Berman!")
    exercise(page, "l99-text").get_by_role("button", name="Check").click()
    page.reload()
    page.wait_for_selector("[data-exercise-id='l99-text'] .uspak-check")
    assert exercise(page, "l99-text").get_by_label("Your answer").input_value() == (
        "Kerry–Lugar–Berman!"
    )
    assert status_of(page, "l99-text") == "✓ Correct."


def sign_in(page, student: str) -> None:
    """Type the student id above the first exercise, as a student does before answering."""
    bar = page.locator(".uspak-identity-bar")
    bar.get_by_label("Your student id").fill(student)
    bar.get_by_role("button", name="Start").click()
    page.wait_for_selector(f".uspak-identity-bar >> text={student}")


def test_download_gives_a_valid_submission(page, tmp_path: Path) -> None:
    """Does "Download my answers" save a submission the grader accepts, holding the answers?"""
    exercise(page, "l99-single").get_by_label("1954").check()  # answered before the id: kept
    sign_in(page, "s123")
    exercise(page, "l99-code-number").get_by_label("The value your code produced").fill("37.5")
    exercise(page, "l99-code-number").get_by_role("button", name="Check").click()
    panel = page.locator("[data-hand-in-lesson='99-fixture']")
    assert "Score so far: 1 of 11 points." in panel.inner_text()
    assert "Hand in as s123." in panel.inner_text()
    with page.expect_download() as download:
        panel.get_by_role("button", name="Download my answers").click()
    path = tmp_path / "submission.json"
    download.value.save_as(path)
    submission = parse_submission(path)
    raw = json.loads(path.read_text("utf-8"))
    assert (raw["origin"], raw["student"], raw["lesson"]) == ("website", "s123", "99-fixture")
    assert raw["responses"]["l99-single"]["response"] == "b"
    assert raw["responses"]["l99-code-number"]["response"] == {"value": "37.5"}
    assert raw["responses"]["l99-code-number"]["attempts"] == 1
    assert raw["responses"]["l99-code-number"]["checked"] is True
    assert raw["responses"]["l99-single"]["checked"] is False  # chosen, never checked
    assert raw["responses"]["l99-single"]["hints_shown"] == 0
    assert submission is not None


def test_an_empty_hand_in_is_refused_with_the_graders_words(page) -> None:
    """With nothing answered, does the page refuse to download, as verify-submission would?"""
    sign_in(page, "s124")
    panel = page.locator("[data-hand-in-lesson='99-fixture']")
    panel.get_by_role("button", name="Download my answers").click()
    assert NOTHING_TO_GRADE in panel.locator(".uspak-status").inner_text()


def test_editing_a_checked_answer_clears_its_verdict(page) -> None:
    """Once a right answer is changed unchecked, do its ✓ and its score go, even after a reload?"""
    sign_in(page, "s125")
    text = exercise(page, "l99-text")
    text.get_by_label("Your answer").fill("Kerry–Lugar–Berman")
    text.get_by_label("Your answer").press("Enter")  # Enter checks
    assert status_of(page, "l99-text") == "✓ Correct."
    text.get_by_label("Your answer").fill("something else")
    assert status_of(page, "l99-text") == ""
    panel = page.locator("[data-hand-in-lesson='99-fixture']")
    assert "Score so far: 0 of" in panel.inner_text()
    page.reload()
    page.wait_for_selector("[data-exercise-id='l99-text'] .uspak-check")
    assert status_of(page, "l99-text") == ""
    assert exercise(page, "l99-text").get_by_label("Your answer").input_value() == "something else"


def test_start_over_clears_the_previous_students_answers(page) -> None:
    """On a shared computer, does "Not you? Start over" leave the next student nothing to see?"""
    sign_in(page, "s126")
    exercise(page, "l99-single").get_by_label("1954").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Not you? Start over").click()
    page.wait_for_selector(".uspak-identity-bar >> text=Your student id")
    assert not exercise(page, "l99-single").get_by_label("1954").is_checked()
    sign_in(page, "s126")  # even the same id finds nothing left
    assert not exercise(page, "l99-single").get_by_label("1954").is_checked()


def test_options_are_shown_in_the_students_own_order(page) -> None:
    """Does the page show the options in the order arrange() gives for this student?"""
    sign_in(page, "s127")
    spec = next(s for s in BANK if s.id == "l99-multi-partial")
    compiled = compile_exercise(spec)
    expected = display_order("s127", compiled)["options"]
    shown = exercise(page, spec.id).locator("input").evaluate_all("xs => xs.map(x => x.value)")
    assert shown == expected


def test_page_requests_nothing_outside_itself(page, page_url: str) -> None:
    """Does the page load the engine once, from its own _static, and nothing from elsewhere?"""
    urls = page.requested_urls
    assert all(url.startswith(page_url) for url in urls), urls
    assert sum(url.endswith("/_static/exercise.js") for url in urls) == 1
    assert sum(url.endswith("/_static/check.js") for url in urls) == 1


@pytest.mark.parametrize("key", KEYS)
def test_no_key_in_the_page_html(page_url: str, key: str) -> None:
    """Is no answer, feedback or explanation readable in the HTML the server sends?"""
    import urllib.request

    with urllib.request.urlopen(page_url) as response:
        assert key not in response.read().decode("utf-8")


# What a theme's dark mode does to a page (pydata-sphinx-theme sets data-theme and recolours
# the page's text, headings and code light): the exercise box must keep its own readable palette.
THEME_DARK_MODE = """() => {
  document.documentElement.dataset.theme = "dark";
  const style = document.createElement("style");
  style.textContent = "body { background: #121212; color: #ced6dd; }"
    + " h3, h4, code, pre, label, legend { color: #ced6dd; }";
  document.head.append(style);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_in_exercises(page, scheme: str) -> None:
    """With feedback, hints and an explanation showing, does axe-core (WCAG 2.1 AA) pass, in
    the theme's light mode and in its dark mode?"""
    if scheme == "dark":
        page.emulate_media(color_scheme="dark")
        page.evaluate(THEME_DARK_MODE)
    single = exercise(page, "l99-single")
    single.get_by_label("1971").check()
    for _ in range(2):
        single.get_by_role("button", name="Check").click()
    single.get_by_role("button", name="Show hint 1 of 2").click()
    exercise(page, "l99-match").get_by_role("button", name="Check").click()
    assert serious_violations(page) == []


def test_every_record_the_page_keeps_fits_the_progress_schema(page) -> None:
    """After answers, checks, a hint and an edit, is every record in localStorage one the
    progress schema (and so the notebook) accepts, with the fields the hand-in copies?"""
    sign_in(page, "s128")
    single = exercise(page, "l99-single")
    single.get_by_label("1971").check()
    single.get_by_role("button", name="Check").click()
    single.get_by_role("button", name="Show hint 1 of 2").click()
    single.get_by_label("1954").check()  # edited after the check: unchecked
    number = exercise(page, "l99-numeric").get_by_label("Your answer (US$ million)")
    number.fill("12,3,4")
    number.press("Enter")  # unreadable: a message, no attempt
    stored = page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith("
        "'uspak:s128:99-fixture:')).map((k) => [k.split(':').pop(), JSON.parse(localStorage[k])]))"
    )
    progress_document("99-fixture", stored)  # raises, naming the field, if one does not fit
    assert stored["l99-single"]["response"] == "b"
    assert (stored["l99-single"]["checked"], stored["l99-single"]["attempts"]) == (False, 1)
    assert stored["l99-single"]["hints_shown"] == 1 and "verdict" not in stored["l99-single"]
    assert (stored["l99-numeric"]["checked"], stored["l99-numeric"]["attempts"]) == (False, 0)
