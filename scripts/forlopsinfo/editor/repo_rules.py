"""`forlopsinfo rules`: are the branch rules publishing relies on switched on? Judged from GitHub's answer to «Get rules
for a branch» (`GET /repos/{owner}/{repo}/rules/branches/{branch}`), which the weekly workflow fetches with its
read-only token and saves to a file. That endpoint lists the active rules of every ruleset; classic branch protection
is not in it (reading that needs admin, which the workflow's token never has).

Pure: the judgement takes the parsed JSON and returns Norwegian lines. Everything from the answer that reaches the
report (check names, rule types, GitHub's error message) is escaped for Markdown."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forlopsinfo.generate.render import md_escape

# The name of the job in .github/workflows/pr.yml: GitHub reports it as the status check a rule must require.
# A test keeps the two equal.
REQUIRED_CHECK = "Sjekk, bygg og test"
MAX_BYTES = 1_000_000  # a real answer is a few kilobytes
WHERE = "*Settings → Rules → Rulesets*"


class RulesError(Exception):
    """The saved answer cannot be judged; the message is Norwegian and already safe for Markdown."""


@dataclass(frozen=True)
class Judgement:
    missing: list[str]  # Norwegian lines, Markdown-safe; empty when every rule is on
    found: list[str]  # the rule types GitHub listed, Markdown-safe


def parse(raw: bytes) -> list[dict[str, Any]]:
    """The rules in a saved answer. Raises RulesError for anything that is not a list of rules."""
    if not raw.strip():
        raise RulesError("Filen er tom. Kanskje GitHub ikke svarte.")
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise RulesError("Filen er ikke gyldig JSON.") from None
    if isinstance(value, dict) and "message" in value:
        raise RulesError(f"GitHub svarte med en feil: «{md_escape(value['message'])}».")
    if not isinstance(value, list) or not all(isinstance(r, dict) and isinstance(r.get("type"), str) for r in value):
        raise RulesError("Svaret har ikke formen vi venter: en liste med regler, hver med en «type».")
    return value


def _params(rules: list[dict[str, Any]], rule_type: str) -> list[dict[str, Any]]:
    """The parameters of every active rule of one type (several rulesets may each have one)."""
    out = []
    for rule in rules:
        if rule["type"] == rule_type:
            params = rule.get("parameters")
            out.append(params if isinstance(params, dict) else {})
    return out


def _contexts(params: dict[str, Any]) -> list[str]:
    checks = params.get("required_status_checks")
    if not isinstance(checks, list):
        return []
    return [c["context"] for c in checks if isinstance(c, dict) and isinstance(c.get("context"), str)]


def judge(rules: list[dict[str, Any]], check: str = REQUIRED_CHECK) -> Judgement:
    missing = []
    pull_requests = _params(rules, "pull_request")
    if not pull_requests:
        missing.append("Endringer må komme som pull request. Slå på «Require a pull request before merging».")
    if not any(p.get("require_code_owner_review") is True for p in pull_requests):
        missing.append("Kodeeierne (CODEOWNERS) må godkjenne. Slå på «Require review from Code Owners».")
    approvals = [p.get("required_approving_review_count") for p in pull_requests]
    if not any(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in approvals):
        missing.append("Minst én må godkjenne. Sett «Required approvals» til 1 eller mer.")
    contexts = sorted({c for p in _params(rules, "required_status_checks") for c in _contexts(p)})
    if check not in contexts:
        line = (f"Sjekken «{md_escape(check)}» fra pr.yml må være grønn før en endring tas inn. "
                "Slå på «Require status checks to pass» og legg den til.")
        if contexts:
            line += " Påkrevd nå: " + ", ".join(f"«{md_escape(c)}»" for c in contexts) + "."
        missing.append(line)
    if not _params(rules, "non_fast_forward"):
        missing.append("Ingen skal kunne skrive over historikken (force push). Slå på «Block force pushes».")
    if not _params(rules, "deletion"):
        missing.append("Ingen skal kunne slette grenen. Slå på «Restrict deletions».")
    found = sorted({str(md_escape(r["type"])) for r in rules})
    return Judgement(missing, found)


def _heading(branch: str) -> str:
    return f"## Regler for grenen {md_escape(branch)}\n\n"


def report(raw: bytes, branch: str) -> tuple[str, bool]:
    """The Markdown report for the job summary, and whether every rule is on."""
    heading = _heading(branch)
    try:
        result = judge(parse(raw))
    except RulesError as err:
        return heading + f"Kunne ikke lese svaret fra GitHub. {err} Se loggen for steget som hentet svaret.\n", False
    if not result.missing:
        return heading + ("Alt publiseringen stoler på, er slått på: pull request, godkjenning fra kodeeierne, "
                          f"sjekken «{md_escape(REQUIRED_CHECK)}», ingen force push og ingen sletting.\n"), True
    text = heading + f"Noe mangler. Publiseringen stoler på disse reglene. Rett dem under {WHERE}:\n\n"
    text += "".join(f"- {line}\n" for line in result.missing)
    if result.found:
        text += f"\nAktive regler nå: {', '.join(result.found)}.\n"
    else:
        text += ("\nGitHub fant ingen aktive regelsett for grenen. Klassisk grenbeskyttelse (branch protection) "
                 "vises ikke her, fordi arbeidsflyten ikke kan lese den. Bruk et regelsett (ruleset) i stedet.\n")
    return text, False


def report_from_file(file: Path, branch: str) -> tuple[str, bool]:
    try:
        with file.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError:
        raw = None
    heading = _heading(branch)
    if raw is None:
        return heading + f"Finner ikke filen «{md_escape(file)}», eller kan ikke lese den.\n", False
    if len(raw) > MAX_BYTES:
        return heading + "Filen er for stor til å være et svar fra GitHub om regler.\n", False
    return report(raw, branch)
