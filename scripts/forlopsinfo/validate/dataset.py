"""Load and validate everything under municipalities/: the register, the national file, shared services and the
kommune files, including the checks that span files. Every problem is collected; the caller fails once."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from forlopsinfo.validate.messages import problems_from
from forlopsinfo.validate.model import (
    EnterpriseRegister,
    KommuneFile,
    Localized,
    NationalData,
    RegisteredKommune,
    SharedService,
)
from forlopsinfo.validate.placeholders import contact_values, is_placeholder, template_values
from forlopsinfo.load.problems import Problem, show_value
from forlopsinfo.layout import enterprise_register_path, register_path
from forlopsinfo.load.nynorsk import in_their_language
from forlopsinfo.load.register import Kommune, Register
from forlopsinfo.load.yamlload import Loaded, dotted, load_file
from forlopsinfo.validate.files import NATIONAL_FILE, plain_file_problem, register_problems, scan

M = TypeVar("M", bound=BaseModel)

KOMMUNE_MODELINE = "# yaml-language-server: $schema=schema.json"
SHARED_MODELINE = "# yaml-language-server: $schema=../interkommunal.schema.json"


@dataclass(frozen=True)
class KommuneEntry:
    file: str  # path shown to editors, relative to the project root
    kommune: Kommune
    data: KommuneFile


@dataclass(frozen=True)
class SharedEntry:
    id: str
    file: str
    data: SharedService
    loaded: Loaded


@dataclass
class Dataset:
    root: Path  # the municipalities/ folder
    register: Register
    national: NationalData | None = None
    kommuner: dict[str, KommuneEntry] = field(default_factory=dict)  # by kommunenummer
    shared: dict[str, SharedEntry] = field(default_factory=dict)  # by id (file stem)
    template_values: frozenset[str] = frozenset()  # contact values of the template: never real (placeholders.py)
    enterprises: EnterpriseRegister | None = None  # the kommuner in Enhetsregisteret; None when the file is absent

    def registered(self, number: str) -> RegisteredKommune | None:
        """What Enhetsregisteret says of kommune `number`, if it has been fetched."""
        return self.enterprises.kommuner.get(number) if self.enterprises is not None else None

    def dates(self) -> list[dt.date]:
        """Every date the data states (sist kontrollert, kontrollert): the input's own notion of «when»."""
        out = [e.data.last_checked for e in self.kommuner.values()]
        if self.national is not None:
            n = self.national
            out += [item.verified_on for group in (n.pathways, n.help_lines, n.laws, n.read_more) for item in group]
        return out

    def shared_for(self, number: str) -> list[SharedEntry]:
        entry = self.kommuner.get(number)
        if entry is None:
            return []
        return [self.shared[i] for i in entry.data.shared_services if i in self.shared]


def _display(path: Path, project_root: Path) -> str:
    """The path editors see, relative to the project. The file itself is never resolved: a symbolic link is shown
    as the link, not as what it points at."""
    try:
        return (path.parent.resolve() / path.name).relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _load_model(path: Path, display: str, model: type[M]) -> tuple[M | None, Loaded | None, list[Problem]]:
    loaded, problems = load_file(path, display)
    if loaded is None:
        return None, None, problems
    if loaded.data is None:
        return None, loaded, problems + [
            Problem(display, 1, 1, "", "Filen er tom.", "Kopier malen templates/kommune-mal.yaml og fyll den ut.")
        ]
    if not isinstance(loaded.data, dict):
        return None, loaded, problems + [
            Problem(
                display, 1, 1, "", "Filen skal bestå av felt («navn: verdi»).", "Se templates/kommune-mal.yaml.",
                show_value(loaded.data),
            )
        ]
    try:
        obj = model.model_validate(loaded.data)
    except ValidationError as err:
        already = {(p.line, p.column) for p in problems}  # the loader already explained these values
        extra = [p for p in problems_from(err, loaded, display, model) if (p.line, p.column) not in already]
        return None, loaded, problems + extra
    return (obj if not problems else None), loaded, problems


def _check_modeline(path: Path, display: str, expected: str) -> list[Problem]:
    with path.open("rb") as fh:
        first = fh.readline(200).decode("utf-8-sig", "replace").strip()
    if first == expected:
        return []
    return [
        Problem(
            display, 1, 1, "", "Første linje skal koble filen til skjemaet, slik at redigeringsprogrammet kan hjelpe deg.",
            f"Sett inn denne linjen øverst: {expected}", show_value(first) if first else None,
        )
    ]


PARALLEL_FROM = 60  # below this many files, starting worker processes costs more than it saves

# One checked kommune file: the model (None if it has problems), its problems, and where kommunenummer stands.
Checked = tuple[KommuneFile | None, list[Problem], tuple[int, int]]
_CONTEXT: tuple[Dataset, dt.date] | None = None  # set before workers fork, so they inherit it


def _check_kommune_file(path: Path, display: str) -> Checked:
    assert _CONTEXT is not None
    data, today = _CONTEXT
    problems = _check_modeline(path, display, KOMMUNE_MODELINE)
    kommune_data, loaded, found = _load_model(path, display, KommuneFile)
    problems += found
    if kommune_data is None or loaded is None:
        return None, problems, (1, 1)
    problems += _cross_checks(kommune_data, loaded, path, display, data, today)
    return (kommune_data if not problems else None), problems, loaded.position(("kommunenummer",))


def _check_chunk(chunk: list[tuple[Path, str]]) -> list[Checked]:
    return [_check_kommune_file(path, display) for path, display in chunk]


def _check_all(items: list[tuple[Path, str]], data: Dataset, today: dt.date) -> list[Checked]:
    """Check kommune files, spread over the CPU cores when there are many: files are independent once the
    register and the shared services are loaded. Workers return models and problems, not position maps."""
    global _CONTEXT
    _CONTEXT = (data, today)
    try:
        workers = min(os.cpu_count() or 1, 4)
        if workers < 2 or len(items) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            return _check_chunk(items)
        chunks = [items[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_check_chunk, chunks))
        ordered: list[Checked] = [None] * len(items)  # type: ignore[list-item]
        for w, chunk_results in enumerate(results):
            for j, result in enumerate(chunk_results):
                ordered[w + j * workers] = result
        return ordered
    finally:
        _CONTEXT = None


def load_national(root: Path) -> NationalData | None:
    """The national file alone, or None when it cannot be read or is not valid (load_dataset then says why).
    For the parts of the site that are made before the whole data set is checked (sitebuilder/config.py)."""
    path = root / NATIONAL_FILE
    if plain_file_problem(path, NATIONAL_FILE) is not None:
        return None
    national, _, problems = _load_model(path, NATIONAL_FILE, NationalData)
    return national if not problems else None


def _load_enterprises(root: Path, project_root: Path, register: Register) -> tuple[EnterpriseRegister | None, list[Problem]]:
    """municipalities/register/enhetsregisteret.yaml, written by `forlopsinfo register --write`. Optional: without
    it the pages say less, never anything wrong."""
    path = enterprise_register_path(root)
    if not path.exists() and not path.is_symlink():
        return None, []
    display = _display(path, project_root)
    unreadable = plain_file_problem(path, display)
    if unreadable:
        return None, [unreadable]
    enterprises, loaded, problems = _load_model(path, display, EnterpriseRegister)
    if enterprises is None or loaded is None:
        return None, problems
    for number in enterprises.kommuner:
        if number not in register.by_number:
            line, col = loaded.position(("kommuner", number))
            problems.append(Problem(display, line, col, f"kommuner.{number}", "Kommunenummeret finnes ikke i kommuneregisteret.",
                                    "Kjør «forlopsinfo register» for å oppdatere begge registrene.", show_value(number)))
    return (enterprises if not problems else None), problems


def kommune_files(root: Path) -> list[Path]:
    """The kommune files of municipalities/ that can be read (validate/files.py says what else stands there)."""
    return scan(root, lambda path: path.as_posix()).kommune_files


def load_dataset(
    root: Path,
    project_root: Path,
    *,
    only: list[Path] | None = None,
    today: dt.date | None = None,
    languages: Sequence[str] = (),
) -> tuple[Dataset, list[Problem]]:
    """Validate municipalities/ (or only the kommune files in `only`, checked against everything else).
    `languages`: the site's languages (layout.Layout.codes); every national text must be written in each."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    register_file = register_path(root)
    found, usable = register_problems(register_file, _display(register_file, project_root))
    problems += found
    register = Register.load(register_file) if usable else Register([])
    data = Dataset(root=root, register=register, template_values=template_values(project_root))
    if not usable:
        return data, sorted(problems)
    folder = scan(root, lambda path: _display(path, project_root))
    if only is None:
        problems += folder.problems  # files that are not read, and things that are not files

    national_path = root / NATIONAL_FILE
    national_display = _display(national_path, project_root)
    unreadable = plain_file_problem(national_path, national_display)
    if unreadable:
        problems += [unreadable] if only is not None else []
        national, national_loaded, found = None, None, []
    else:
        national, national_loaded, found = _load_model(national_path, national_display, NationalData)
    problems += found
    if national is not None and national_loaded is not None:
        problems += _missing_languages(national, national_loaded, national_display, languages)
    data.national = national
    data.enterprises, found = _load_enterprises(root, project_root, register)
    problems += found

    for path in folder.shared_files:
        display = _display(path, project_root)
        problems += _check_modeline(path, display, SHARED_MODELINE)
        shared, loaded, found = _load_model(path, display, SharedService)
        problems += found
        if shared is None or loaded is None:
            continue
        for i, number in enumerate(shared.kommuner):
            if number not in register.by_number:
                line, col = loaded.position(("kommuner", i))
                problems.append(
                    Problem(display, line, col, f"kommuner[{i + 1}]", "Kommunenummeret finnes ikke i kommuneregisteret.",
                            "Sjekk nummeret i municipalities/register/kommuner.csv.", show_value(number))
                )
        data.shared[path.stem] = SharedEntry(path.stem, display, shared, loaded)

    if only is None:
        paths = folder.kommune_files
    else:
        paths = []
        for path in only:
            refused = plain_file_problem(path, _display(path, project_root))
            if refused:
                problems.append(refused)
            else:
                paths.append(path)
    items = [(path, _display(path, project_root)) for path in paths]
    seen_numbers: dict[str, str] = {}
    for (path, display), (kommune_data, found, (line, col)) in zip(items, _check_all(items, data, today)):
        problems += found
        if kommune_data is None:
            continue
        if kommune_data.number in seen_numbers:
            problems.append(
                Problem(display, line, col, "kommunenummer", f"Kommunen har allerede en fil: {seen_numbers[kommune_data.number]}.",
                        "En kommune skal ha nøyaktig én fil. Flytt det som bare står i den ene, over i den andre, og "
                        "slett så den ene.",
                        show_value(kommune_data.number))
            )
            continue
        seen_numbers[kommune_data.number] = display
        data.kommuner[kommune_data.number] = KommuneEntry(display, register.by_number[kommune_data.number], kommune_data)
    # Each file's problems in its målform: nynorsk files get nynorsk messages (load/nynorsk.py).
    paths = {display: path for path, display in items}
    paths.update({_display(path, project_root): path for path in folder.shared_files})
    return data, sorted(in_their_language(problems, paths))


def _cross_checks(
    k: KommuneFile, loaded: Loaded, path: Path, display: str, data: Dataset, today: dt.date
) -> list[Problem]:
    out: list[Problem] = []

    def add(loc: tuple, message: str, fix: str, found: object = None) -> None:
        line, col = loaded.position(loc)
        out.append(Problem(display, line, col, dotted(loc), message, fix, show_value(found) if found is not None else None))

    kommune = data.register.by_number.get(k.number)
    if kommune is None:
        add(("kommunenummer",), "Kommunenummeret finnes ikke i kommuneregisteret.",
            "Finn riktig nummer i municipalities/register/kommuner.csv (fire sifre, i anførselstegn).", k.number)
    else:
        expected = f"{kommune.slug}.yaml"
        if path.name != expected:
            add(("kommunenummer",), f"Filnavnet {path.name} passer ikke med kommunenummeret {k.number} ({kommune.name}).",
                f"Rett kommunenummeret hvis det er feil. Er nummeret riktig, gi filen navnet municipalities/{expected}.",
                k.number)
    if not k.example:
        for loc, value in contact_values(loaded.data):
            if is_placeholder(value, data.template_values):
                add(loc, "Dette er en eksempelverdi, ikke kommunens egen opplysning.",
                    "Bytt den ut med kommunens ekte opplysning. Er ikke alt ekte ennå, la «eksempel: true» stå i filen.",
                    value)
    if k.last_checked > today:
        add(("sist_kontrollert",), "Datoen er frem i tid.", "Skriv datoen da noen faktisk sjekket opplysningene.",
            k.last_checked.isoformat())
    for i, ref in enumerate(k.shared_services):
        shared = data.shared.get(ref)
        if shared is None:
            available = ", ".join(sorted(data.shared)) or "ingen ennå"
            add(("interkommunale_tjenester", i), "Finner ingen interkommunal tjeneste med dette navnet.",
                f"Navnet er filnavnet i municipalities/interkommunale/ uten .yaml. Tilgjengelige: {available}.", ref)
        elif k.number not in shared.data.kommuner:
            add(("interkommunale_tjenester", i), f"Tjenesten gjelder ikke for kommune {k.number} ifølge {shared.file}.",
                f"Legg til \"{k.number}\" under «kommuner» i {shared.file}, eller fjern henvisningen.", ref)
    return out


def _localized(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Localized]]:
    """(YAML path, value) of every Localized text in the national data."""
    if isinstance(value, Localized):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _localized(getattr(value, name), (*path, info.alias or name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _localized(item, (*path, i))


def _missing_languages(national: NationalData, loaded: Loaded, display: str, languages: Sequence[str]) -> list[Problem]:
    """A national text that is not written in every language of the site: the page would have nothing to show."""
    out = []
    for path, text in _localized(national):
        for lang in languages:
            if lang not in text.root:
                line, col = loaded.position(path, prefer_key=True)
                out.append(Problem(display, line, col, dotted(path), f"Teksten mangler på språket «{lang}».",
                                   f"Legg til «{lang}:» med teksten på dette språket. Nettstedet har disse språkene: "
                                   f"{', '.join(languages)}."))
    return out
