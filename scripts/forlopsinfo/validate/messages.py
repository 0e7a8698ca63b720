"""Turn pydantic validation errors into Norwegian problems with line, column, what was found and how to fix it."""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from forlopsinfo.load.problems import Problem, show_value
from forlopsinfo.load.yamlload import Loaded, Path_, dotted


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation like `X | None` or `list[X]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _submodel(arg)
        if found is not None:
            return found
    return None


def model_at(model: type[BaseModel], path: Path_) -> type[BaseModel] | None:
    """The model class that describes the mapping at `path` (YAML keys), or None."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        by_alias = {(f.alias or name): f for name, f in current.model_fields.items()}
        if part not in by_alias:
            return None
        current = _submodel(by_alias[part].annotation)
    return current


def allowed_keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [(f.alias or name) for name, f in model.model_fields.items()]


def suggestion(loc: tuple, model: type[BaseModel]) -> str | None:
    """The allowed key an unknown key at `loc` is most likely a misspelling of."""
    close = difflib.get_close_matches(str(loc[-1]), allowed_keys(model_at(model, loc[:-1])), n=1, cutoff=0.6)
    return close[0] if close else None


def _literal_choices(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "").replace(" or ", " eller ")


def explain(error: dict[str, Any], model: type[BaseModel]) -> tuple[str, str, bool]:
    """(what is wrong, how to fix it, point at the key rather than the value) for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    loc = tuple(error["loc"])
    if kind == "forlop":
        return error["msg"], ctx["fix"], False
    if kind == "missing":
        return (
            f"Feltet «{loc[-1]}» mangler.",
            f"Legg til «{loc[-1]}:» med en verdi. Se hvordan i templates/kommune-mal.yaml.",
            False,
        )
    if kind == "extra_forbidden":
        close = suggestion(loc, model)
        if close:
            return "Ukjent felt.", f"Mente du «{close}»? Rett stavemåten.", True
        listed = ", ".join(allowed_keys(model_at(model, loc[:-1])))
        return "Ukjent felt.", f"Slett feltet eller flytt det dit det hører hjemme. Tillatte felt her: {listed}.", True
    if kind == "string_type":
        if loc and loc[-1] in ("fra", "til") and isinstance(value, int | float):  # fra: 9.00 or fra: 9
            return "Verdien skal være tekst.", 'Skriv klokkeslettet som TT:MM i anførselstegn, for eksempel "09:00".', False
        if isinstance(value, float):  # YAML has already turned 9.00 into 9.0: echoing it would mislead
            return ("Verdien skal være tekst.",
                    "Sett verdien i anførselstegn, nøyaktig slik den skal stå. Et tall uten anførselstegn kan miste sifre.",
                    False)
        if isinstance(value, bool | int):
            return "Verdien skal være tekst.", f'Sett verdien i anførselstegn: "{value}".', False
        if isinstance(value, dict | list):
            return "Her skal det stå én tekst, ikke en liste eller en gruppe felt.", "Skriv teksten rett etter kolonet.", False
        return "Verdien skal være tekst.", "Skriv en tekst etter kolonet.", False
    if kind in ("bool_type", "bool_parsing"):
        return "Verdien skal være true eller false.", "Skriv true (ja) eller false (nei), uten anførselstegn.", False
    if kind == "int_type":
        return "Verdien skal være et helt tall.", "Skriv et tall uten anførselstegn, for eksempel 3.", False
    if kind == "list_type":
        return (
            "Verdien skal være en liste.",
            "Skriv hvert punkt på en egen linje som begynner med «- » (to mellomrom innrykk).",
            False,
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            "Her skal det stå en gruppe felt.",
            "Skriv feltene på linjene under, med to mellomrom mer innrykk, slik malen viser.",
            False,
        )
    if kind == "literal_error":
        choices = _literal_choices(ctx).replace(" eller ", ", ").split(", ")
        match = [c for c in choices if isinstance(value, str) and c.lower() == value.strip().lower()]
        if match:
            return "Verdien er ikke en av de tillatte.", f"Skriv den nøyaktig slik: {match[0]}.", False
        return "Verdien er ikke en av de tillatte.", f"Bruk en av disse: {_literal_choices(ctx)}.", False
    if kind == "string_too_short":
        return "Feltet er tomt.", "Skriv en verdi, eller fjern feltet hvis det er valgfritt.", False
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        return f"Teksten er for lang ({len(str(value))} tegn; grensen er {limit}).", "Skriv kortere.", False
    if kind == "too_short":
        return "Listen er tom.", "Skriv minst ett punkt i listen.", False
    if kind in ("greater_than_equal", "less_than_equal"):
        return "Tallet er utenfor det tillatte området.", "Sjekk verdien.", False
    return f"Verdien er ikke gyldig ({error['msg']}).", "Sjekk verdien mot malen i templates/kommune-mal.yaml.", False


def _typo_targets(errors: list[dict[str, Any]], model: type[BaseModel]) -> set[tuple]:
    """Missing fields that an unknown key in the same group is probably a misspelling of."""
    targets = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            close = suggestion(loc, model)
            if close:
                targets.add(loc[:-1] + (close,))
    return targets


def problems_from(err: ValidationError, loaded: Loaded, display: str, model: type[BaseModel]) -> list[Problem]:
    out: list[Problem] = []
    errors = err.errors(include_url=False)
    typos = _typo_targets(errors, model)
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc in typos:
            continue  # the «Mente du …?» message for the misspelt key already says what to do
        message, fix, at_key = explain(error, model)
        if error["type"] == "missing":  # point at the key of the group the field is missing from
            line, col = loaded.position(loc[:-1], prefer_key=True)
        else:
            line, col = loaded.position(loc, prefer_key=at_key)
        found = None
        if error["type"] not in ("missing", "extra_forbidden") and not isinstance(error.get("input"), dict):
            found = show_value(error.get("input"))
        elif error["type"] == "extra_forbidden":
            found = show_value(loc[-1])
        out.append(Problem(display, line, col, dotted(loc), message, fix, found))
    return out
