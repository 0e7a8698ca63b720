"""Every fact in the fixed texts has its source and check date in the data (templates/tekst/kilder.yaml, issue 17):
the texts about rights, the law, the forløp and urgent help are each backed by at least one entry."""

from __future__ import annotations

import datetime as dt

import yaml

from conftest import ROOT

SOURCES = yaml.safe_load((ROOT / "templates" / "tekst" / "kilder.yaml").read_text("utf-8"))
TEXTS = {lang: yaml.safe_load((ROOT / "templates" / "tekst" / f"{lang}.yaml").read_text("utf-8")) for lang in ("nb", "nn")}
# The texts that state a right, a legal duty, a time limit, what the forløp give or what to do in an emergency.
FACT_KEYS = {
    "akutt_selvmord", "akutt_svarer_ikke", "utenfor_telefontid", "innbygging_utenfor", "neste_tekst", "kort_tekst", "start_tekst",
    "vente_tekst", "hva_ikke", "koordinator_forlop_tekst", "kontaktlege_tekst", "kontakt_forklaring",
    "innbygging_forklaring", "rettigheter_tekst", "barnekoordinator_tekst", "parorende_tekst", "parorende_info_tekst",
    "barn_parorende_tekst", "rettigheter_ingress", "rettigheter_klage", "ombud_tekst", "velge_tekst", "egenandel_tekst",
    "rus_tekst", "forlop_ingress", "spesialist_forklaring",
}


def test_every_source_entry_is_complete_and_names_real_texts() -> None:
    assert isinstance(SOURCES, list) and SOURCES
    for entry in SOURCES:
        assert set(entry) == {"tekster", "påstand", "kilde", "kontrollert"}, entry
        assert entry["kilde"].startswith(("https://", "http://")), entry
        assert isinstance(entry["kontrollert"], dt.date) and entry["kontrollert"] <= dt.date.today(), entry
        for key in entry["tekster"]:
            assert key in TEXTS["nb"] and key in TEXTS["nn"], key


def test_every_text_that_states_a_fact_has_a_source() -> None:
    sourced = {key for entry in SOURCES for key in entry["tekster"]}
    assert FACT_KEYS - sourced == set()
    assert FACT_KEYS <= set(TEXTS["nb"])
