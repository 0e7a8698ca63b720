"""The readability script: correct LIX arithmetic, and a figure for every page type in both language forms."""

from __future__ import annotations

import pytest

from conftest import ROOT, TODAY, run_cli
from forlopsinfo.validate.dataset import load_dataset
from forlopsinfo.measure.lix import PAGE_TYPES, SNIPPET_TYPES, measure, report
from forlopsinfo.project import Project


def test_lix_arithmetic() -> None:
    # 9 words, 2 sentences, 1 word over six letters («setning»): 9/2 + 100*1/9 = 15.6
    lix = measure("Dette er en kort setning. Her er en til.")
    assert (lix.words, lix.sentences, lix.long_words) == (9, 2, 1)
    assert lix.score == pytest.approx(15.61, abs=0.01)


def test_markdown_is_stripped_and_headings_end_sentences() -> None:
    lix = measure("## Kontakt oss\n\n- **Telefon:** [22 40 00 40](tel:+4722400040)\n\nRing {kommune} i dag.")
    # units: «Kontakt oss» | «Telefon: 22 40 00 40» | «Ring Volda i dag.»
    assert (lix.words, lix.sentences) == (7, 3)


def test_inline_code_is_one_short_word() -> None:
    lix = measure("Skriv `koordinator_og_individuell_plan: true` her.")
    assert (lix.words, lix.long_words) == (3, 0)


def test_report_covers_every_page_type_in_both_forms() -> None:
    data, problems = load_dataset(ROOT / "municipalities", ROOT, today=TODAY)
    assert problems == []
    rows = report(data, Project.load(ROOT))
    for lang in ("nb", "nn"):
        names = {name for name, row_lang, _ in rows if row_lang == lang}
        assert set(PAGE_TYPES) | set(SNIPPET_TYPES) <= names
        assert {n for n in names if n.endswith("(håndskrevet)")} == {
            "for-kommuner (håndskrevet)", "kommuneskjema (håndskrevet)", "om-nettstedet (håndskrevet)",
            "redigering (håndskrevet)", "tilgjengelighet (håndskrevet)"}
        assert {n for n in names if n.endswith("(generert for redaktører)")} == {
            "feltreferanse (generert for redaktører)", "vanlige-feil (generert for redaktører)"}
    assert all(lix.words > 20 and 10 < lix.score < 60 for _, _, lix in rows)
    # the project's target (issue 17): every fixed text, citizens' and editors', in both forms
    over = [(name, lang, round(lix.score, 1)) for name, lang, lix in rows if lix.score > 40]
    assert over == [], f"LIX over 40: {over}"


def test_cli_prints_the_table(project) -> None:
    result = run_cli(project, "lix")
    assert result.returncode == 0
    assert "kommuneside" in result.stdout and "Mål: LIX 40 eller lavere" in result.stdout
