"""Nynorsk kommuner get the validator's messages in nynorsk (load/nynorsk.py). Every message the code can give is
collected from the source here, so a new message without a nynorsk form fails this test, and so does a form whose
bokmål message is gone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, copy_project
from forlopsinfo.load.nynorsk import NYNORSK, PARTS, nynorsk
from forlopsinfo.validate.dataset import load_dataset

import test_loader

PACKAGE = ROOT / "scripts" / "forlopsinfo"
# Where problems are made: the loader, the field types and the data model, the explanations of pydantic's errors,
# the checks across files, and what may stand in municipalities/.
MODULES = ["load/yamlload.py", "validate/fieldtypes.py", "validate/model.py", "validate/messages.py",
           "validate/dataset.py", "validate/files.py"]
# Calls that take a message and a fix, and the positions of the two.
CALLS = {"Problem": (4, 5), "fail": (0, 1), "_pattern": (1, 2), "_add": (2, 3), "add": (1, 2)}
# Tables of (…, message, fix) and the functions that return messages, with the positions in what they return.
TABLES = {"_PARSE_HINTS": (1, 2), "_YAML11_SURPRISES": (1, 2), "_TAB": (0, 1), "_NAMING": None}
RETURNS = {"explain": (0, 1), "_slip": (2, 3), "_suggestion": None}


def _templates(node: ast.AST) -> list[str]:
    """The text an expression makes, `{}` for each value put in (f-string fields, `.format()` fields, `+`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.sub(r"\{[a-z_]*\}", "{}", node.value)]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)]
    if isinstance(node, ast.IfExp):
        return _templates(node.body) + _templates(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in (_templates(node.left) or ["{}"]) for b in (_templates(node.right) or ["{}"])]
    return []


def collect_messages() -> dict[str, str]:
    """Every message template in MODULES -> the module it is in."""
    found: dict[str, str] = {}

    def add(nodes: list[ast.AST], module: str) -> None:
        for node in nodes:
            for text in _templates(node):
                if text.strip("{} "):
                    found.setdefault(text, module)

    for module in MODULES:
        for node in ast.walk(ast.parse((PACKAGE / module).read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in CALLS:
                    add([node.args[i] for i in CALLS[name] if i < len(node.args)], module)
                    add([k.value for k in node.keywords if k.arg in ("message", "fix")], module)
            elif isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) in TABLES:
                positions = TABLES[node.targets[0].id]
                if positions is None:
                    add([node.value], module)
                else:
                    rows = [node.value] if isinstance(node.value.elts[0], ast.Constant) else node.value.elts
                    add([row.elts[i] for row in rows for i in positions], module)
            elif isinstance(node, ast.FunctionDef) and node.name in RETURNS:
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return) and ret.value is not None:
                        positions = RETURNS[node.name]
                        if isinstance(ret.value, ast.Tuple) and positions is not None:
                            add([ret.value.elts[i] for i in positions], module)
                        elif positions is None:
                            add([ret.value], module)
    return found


def test_the_collector_finds_the_messages_of_every_kind_of_call() -> None:
    found = collect_messages()
    assert len(found) > 180
    for message in ("Filen er tom.",  # Problem(...)
                    "Dette er ikke et gyldig telefonnummer.",  # fail(...)
                    "Postnummeret skal ha fire sifre.",  # _pattern(...)
                    "Feltet står to ganger i samme del av filen (første gang på linje {}).",  # self._add(...)
                    "Datoen er frem i tid.",  # add(...) in the cross-file checks
                    "Innrykket stemmer ikke.",  # _PARSE_HINTS
                    'Sett verdien i anførselstegn: "{}".',  # _YAML11_SURPRISES, a .format() field
                    "Mente du «{}»? Rett stavemåten.",  # explain()
                    "Det mangler et mellomrom etter kolonet i «{}:».",  # _slip()
                    "Filen blir ikke lest. Gi den navnet {}.yaml."):  # _suggestion()
        assert message in found, message


def test_every_message_has_a_nynorsk_form() -> None:
    missing = {text: module for text, module in collect_messages().items() if text not in NYNORSK}
    assert not missing, "Legg til nynorsk i scripts/forlopsinfo/load/nynorsk.py:\n" + "\n".join(
        f"{module}: {text}" for text, module in missing.items())


def test_no_nynorsk_form_is_left_without_its_message() -> None:
    assert set(NYNORSK) - set(collect_messages()) == set()


def test_every_nynorsk_form_keeps_the_values_and_is_not_bokmal() -> None:
    for nb, nn in {**NYNORSK, **PARTS}.items():
        assert nb.count("{}") == nn.count("{}"), nb
        assert not re.search(r"\b(ikke|anførselstegn|linjen|filen|hvis|mangler|eksempel:)(?!\s*true)\b", nn), nn


def test_a_message_with_values_and_a_message_inside_is_translated_whole() -> None:
    assert nynorsk("Filen kan ikke leses som YAML: Innrykket stemmer ikke.") == \
        "Fila kan ikkje lesast som YAML: Innrykket stemmer ikkje."
    assert nynorsk("Feltet «telefon» mangler.") == "Feltet «telefon» manglar."
    assert nynorsk("Sjekk klammene [ ] og { } og innrykket. En kommunefil har høyst fem-seks nivåer.").startswith(
        "Sjekk klammene [ ] og { }")
    assert nynorsk("Something else.") == "Something else."


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("nynorsk"))


def _messages(root: Path, text: str) -> list[str]:
    path = root / test_loader.F
    path.write_text(text, "utf-8")
    _, problems = load_dataset(root / "municipalities", root, only=[path], today=TODAY)
    return [p.format() for p in problems]


@pytest.mark.parametrize("name,text,expected", [c for c in test_loader.CASES if c[2]],
                         ids=[c[0] for c in test_loader.CASES if c[2]])
def test_a_nynorsk_file_gets_every_message_in_nynorsk(root: Path, name: str, text: str, expected: str) -> None:
    nn_text = text.replace("målform: bokmål\n", "målform: nynorsk\n", 1)
    if nn_text == text or "målform" in name or "duplicate" in name:
        pytest.skip("the case is about målform itself")
    (message,) = _messages(root, nn_text)
    assert message.split(":")[:3] == expected.split(":")[:3]  # same file, line and column
    assert message != expected
    assert "(hele filen)" not in message and "(fant:" not in message
    assert not re.search(r"\b(ikke|anførselstegn|linjen|filen|hvis|mangler)\b", message), message


def test_the_five_slips_of_issue_20_in_nynorsk(root: Path) -> None:
    slip = dict((c[0], c[1]) for c in test_loader.SLIPS)["service pasted without its dash"]
    (message,) = _messages(root, slip.replace("målform: bokmål", "målform: nynorsk"))
    assert message == (
        f"{test_loader.F}:23:5: tjenester[1]: Her byrjar truleg eit nytt punkt i lista, men lina manglar «- » framfor "
        "«navn:». Difor står felta to gonger i same punkt (første gong frå line 19). — Skriv «- » framfor «navn:», "
        "rett under «- » i punktet over. Ikkje slett noko.")


def test_a_file_whose_malform_cannot_be_read_gets_bokmal(root: Path) -> None:
    text = test_loader.VALID.replace("målform: bokmål", "målform: nynorsk").replace('telefon: "55 00 00 00"', "telefon: 5")
    assert "(fann: «5»)" in _messages(root, text)[0]
    assert "(fant: «5»)" in _messages(root, text.replace("målform: nynorsk", "målform: Nynorsk"))[-1]
    assert "(fant: «5»)" in _messages(root, text.replace("målform: nynorsk\n", ""))[-1]


def test_the_summary_line_follows_the_files(root: Path) -> None:
    from conftest import run_cli

    path = root / test_loader.F
    path.write_text(test_loader.VALID.replace("målform: bokmål", "målform: nynorsk").replace(
        'telefon: "55 00 00 00"', "telefon: 5"), "utf-8")
    result = run_cli(root, "validate", test_loader.F)
    assert "Rett feila over og prøv igjen. Ingenting vart publisert." in result.stderr
    path.unlink()
