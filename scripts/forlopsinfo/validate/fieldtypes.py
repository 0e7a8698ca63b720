"""Validated field types shared by the data models.

Each type validates with the library made for the job (phonenumbers, email-validator) and fails with a Norwegian
message and a fix, carried in a PydanticCustomError of type ``forlop`` (see messages.py). The JSON Schema side of
each type is declared next to it, so the editor schema and the validator cannot disagree on what is allowed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import shortnumberinfo
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, StrictStr, WithJsonSchema
from pydantic_core import PydanticCustomError


def fail(message: str, fix: str) -> PydanticCustomError:
    return PydanticCustomError("forlop", message, {"fix": fix})


# --- text -----------------------------------------------------------------------------------------------------

def _single_line(value: str) -> str:
    if "\n" in value:
        raise fail("Teksten skal stå på én linje.", "Fjern linjeskiftet, eller skriv alt på samme linje.")
    return value


ShortText = Annotated[StrictStr, Field(min_length=1, max_length=200), AfterValidator(_single_line)]
LongText = Annotated[StrictStr, Field(min_length=1, max_length=2000)]

# --- phone ----------------------------------------------------------------------------------------------------


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise fail(
            "Dette er ikke et gyldig telefonnummer.",
            'Skriv nummeret med åtte sifre i anførselstegn, for eksempel "22 40 00 40" eller "+47 22 40 00 40".',
        )
    if number.extension:  # «32 00 00 01 ext. 99»: a tel: link cannot carry it, and it would be dropped silently
        raise fail(
            "Telefonnummeret har et internnummer (ext.), som ikke kan ringes fra en lenke.",
            "Skriv bare nummeret innbyggerne ringer. Skriv internnummeret i en merknad hvis det trengs.",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


Phone = Annotated[
    StrictStr,
    AfterValidator(_phone),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\+?[0-9 ]{5,20}$",
            "description": 'Telefonnummer i anførselstegn, for eksempel "22 40 00 40".',
        }
    ),
]


def _short_number(value: str) -> str | None:
    """A Norwegian short number that phonenumbers knows (116 117 legevakt, 113, 116 123 Mental Helse, 1412 for
    the deaf …) as its digits, or None. Short numbers are dialled as they are, never with +47."""
    digits = re.sub(r"[ -]", "", value)
    if not re.fullmatch(r"[0-9]{3,6}", digits):
        return None
    parsed = phonenumbers.parse(digits, "NO")
    return digits if shortnumberinfo.is_valid_short_number_for_region(parsed, "NO") else None


def _service_phone(value: str) -> str:
    """A service's number: an ordinary number (as E.164), or a national short number where the service really
    answers on one, such as a legevakt on 116 117 (kept as dialled: «116117»)."""
    short = _short_number(value)
    if short is not None:
        return short
    try:
        return _phone(value)
    except PydanticCustomError:
        raise fail(
            "Dette er ikke et gyldig telefonnummer.",
            'Skriv nummeret med åtte sifre i anførselstegn, for eksempel "22 40 00 40", eller et nasjonalt kortnummer '
            'som tjenesten svarer på, for eksempel "116 117".',
        ) from None


ServicePhone = Annotated[
    StrictStr,
    AfterValidator(_service_phone),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\+?[0-9 ]{3,20}$",
            "description": 'Telefonnummer i anførselstegn, for eksempel "22 40 00 40", eller et nasjonalt kortnummer '
                           'som tjenesten svarer på, for eksempel "116 117".',
        }
    ),
]


@functools.lru_cache(maxsize=4096)  # each number is printed on both målformer's page, snippet and editor page
def format_phone(e164: str) -> str:
    """Norwegian display form of a stored number: '+4722400040' -> '22 40 00 40'; a short number as it is said:
    '116117' -> '116 117', '113' -> '113'."""
    if not e164.startswith("+"):
        return f"{e164[:3]} {e164[3:]}" if len(e164) == 6 else e164
    number = phonenumbers.parse(e164, "NO")
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 47 else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


# --- e-mail ---------------------------------------------------------------------------------------------------


# In a mailto: link, «?» starts headers (cc=, bcc=, body=) and «%» encodes any character: an address with them in
# its local part could copy a citizen's message to someone else. RFC 5322 allows them; no kommune address needs them.
_MAILTO_UNSAFE = re.compile(r"[?&%#/\\\s]")


def _email(value: str) -> str:
    local = value.rpartition("@")[0]
    if _MAILTO_UNSAFE.search(local):
        raise fail(
            "E-postadressen har et tegn (?, &, %, #, / eller mellomrom) som ville lagt noe til i e-postlenken.",
            "Skriv adressen slik: navn@kommune.kommune.no, med bare bokstaver, tall, punktum, bindestrek og _ før @.",
        )
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise fail(
            "Dette er ikke en gyldig e-postadresse.",
            "Skriv adressen slik: navn@kommune.kommune.no (uten «mailto:» og uten mellomrom).",
        ) from None


Email = Annotated[
    StrictStr,
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "description": "E-postadresse, for eksempel post@kommune.no."}),
]

# --- web address ----------------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s")
_HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _idna(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return ""


def _url(value: str) -> str:
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise fail(
            "Bare nettadresser som begynner med https:// (eller http://) er tillatt her.",
            "Kopier adressen fra adressefeltet i nettleseren, så den begynner med https://.",
        )
    host = (parts.hostname or "").lower()
    if (
        _SPACE.search(value)
        or "@" in parts.netloc
        or not _HOST.match(host if host.isascii() else _idna(host))
    ):
        raise fail(
            "Nettadressen er ikke gyldig.",
            "Kopier hele adressen fra adressefeltet i nettleseren, uten mellomrom, for eksempel https://www.kommune.no/side.",
        )
    return value


WebUrl = Annotated[
    StrictStr,
    Field(max_length=2000),
    AfterValidator(_url),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^https?://",
            "maxLength": 2000,
            "description": "Nettadresse som begynner med https://.",
        }
    ),
]

# --- patterned codes ------------------------------------------------------------------------------------------


def _pattern(regex: str, message: str, fix: str, description: str) -> Any:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise fail(message, fix)
        return value

    return Annotated[
        StrictStr,
        AfterValidator(check),
        WithJsonSchema({"type": "string", "pattern": f"^{regex}$", "description": description}),
    ]


KommuneNumber = _pattern(
    r"[0-9]{4}",
    "Kommunenummeret skal ha fire sifre.",
    'Skriv nummeret i anførselstegn, for eksempel "0301". Finn det i municipalities/register/kommuner.csv.',
    'Kommunenummer med fire sifre i anførselstegn, for eksempel "0301".',
)
Postcode = _pattern(
    r"[0-9]{4}",
    "Postnummeret skal ha fire sifre.",
    'Skriv postnummeret i anførselstegn, for eksempel "0150".',
    'Postnummer med fire sifre i anførselstegn, for eksempel "0150".',
)
Time = _pattern(
    r"([01][0-9]|2[0-3]):[0-5][0-9]",
    "Klokkeslettet skal skrives som TT:MM.",
    'Skriv for eksempel "08:00" eller "15:30", i anførselstegn.',
    'Klokkeslett TT:MM i anførselstegn, for eksempel "08:00".',
)
_HANDLE = re.compile(r"@[A-Za-z0-9](-?[A-Za-z0-9])*(/[A-Za-z0-9][A-Za-z0-9_-]*)?")  # a team's slug: no dots, so never «..»


def _maintainer(value: str) -> str:
    """A GitHub user or team (`@name`, `@org/team`), or a role e-mail address for kommuner whose editors have no
    GitHub account. Only the GitHub names reach .github/CODEOWNERS (editor/codeowners.py)."""
    if value.startswith("@"):
        if not _HANDLE.fullmatch(value):
            raise fail(
                "Dette er ikke et GitHub-brukernavn.",
                'Skriv brukernavnet med @ foran, i anførselstegn, for eksempel "@ola-nordmann". Har dere ikke '
                "GitHub, skriv en e-postadresse til en rolle i stedet, for eksempel psykisk.helse@kommune.no.",
            )
        return value
    if "@" in value:
        return _email(value)
    raise fail(
        "Dette er verken et GitHub-brukernavn eller en e-postadresse.",
        'Skriv et GitHub-brukernavn med @ foran, for eksempel "@ola-nordmann", eller en e-postadresse til en rolle, '
        "for eksempel psykisk.helse@kommune.no.",
    )


def is_github_name(maintainer: str) -> bool:
    return maintainer.startswith("@")


Maintainer = Annotated[
    StrictStr,
    AfterValidator(_maintainer),
    WithJsonSchema(
        {
            "type": "string",
            "anyOf": [{"pattern": f"^{_HANDLE.pattern}$"}, {"format": "email"}],
            "description": 'GitHub-brukernavn med @ foran, for eksempel "@ola-nordmann", eller e-postadressen til en '
                           "rolle, for eksempel psykisk.helse@kommune.no.",
        }
    ),
]
Slug = _pattern(
    r"[a-z0-9]+(-[a-z0-9]+)*",
    "Navnet skal bare ha små bokstaver a–z, tall og bindestrek.",
    "Skriv for eksempel legevakt-hallingdal.",
    "Kort navn med små bokstaver a–z, tall og bindestrek.",
)

# --- organisasjonsnummer -------------------------------------------------------------------------------------


def _org_number(value: str) -> str:
    # python-stdnum knows the Enhetsregisteret's rule: nine digits, the last a modulus 11 check digit.
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.no import orgnr

    try:
        return str(orgnr.validate(value))
    except StdnumError:
        raise fail(
            "Dette er ikke et gyldig organisasjonsnummer.",
            'Skriv de ni sifrene slik Enhetsregisteret viser dem, i anførselstegn, for eksempel "964338531".',
        ) from None


OrgNumber = Annotated[
    StrictStr,
    AfterValidator(_org_number),
    WithJsonSchema(
        {"type": "string", "pattern": "^[0-9]{9}$",
         "description": 'Organisasjonsnummer i Enhetsregisteret, ni sifre, for eksempel "964338531".'}
    ),
]

# --- dates ----------------------------------------------------------------------------------------------------


def _date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise fail("Datoen skal skrives som ÅÅÅÅ-MM-DD.", "Skriv for eksempel 2026-11-20.")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail("Datoen finnes ikke.", "Sjekk dag og måned, for eksempel 2026-11-20.") from None


Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "Dato ÅÅÅÅ-MM-DD, for eksempel 2026-11-20."}),
]
