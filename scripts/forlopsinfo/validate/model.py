"""The data model: the one definition of what a kommune file, a shared (interkommunal) service file and the national
data file may contain. The validator, the JSON Schemas in municipalities/ and the field reference for editors are all
generated from these classes.

Attribute names are English; the YAML keys editors write are the Norwegian aliases. Descriptions are Norwegian,
because editors read them in their editor and in the field reference.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StrictBool, StrictInt, StrictStr, model_validator

from forlopsinfo.validate.fieldtypes import (
    Date,
    Email,
    Maintainer,
    KommuneNumber,
    LongText,
    OrgNumber,
    Phone,
    Postcode,
    ServicePhone,
    ShortText,
    Slug,
    Time,
    WebUrl,
    fail,
)

LanguageForm = Literal["bokmål", "nynorsk"]
LANG_CODE = {"bokmål": "nb", "nynorsk": "nn"}

# Days may be written in bokmål or nynorsk; both map to one canonical day (0 = Monday).
DAYS: dict[str, int] = {
    "mandag": 0, "måndag": 0,
    "tirsdag": 1, "tysdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "lørdag": 5, "laurdag": 5,
    "søndag": 6, "sundag": 6,
}  # fmt: skip
Day = Literal[
    "mandag", "måndag", "tirsdag", "tysdag", "onsdag", "torsdag", "fredag", "lørdag", "laurdag", "søndag", "sundag"
]

ServiceCategory = Literal[
    "psykisk-helse-og-rustjeneste",
    "lavterskeltilbud",
    "rask-psykisk-helsehjelp",
    "kommunepsykolog",
    "act-fact-team",
    "frisklivssentral",
    "nav",
    "bolig",
    "dag-og-aktivitetstilbud",
    "pårørendetilbud",
    "brukerorganisasjon",
    "legevakt",
    "helsestasjon-og-skolehelsetjeneste",
    "annet",
]
TargetGroup = Literal["barn-og-unge", "voksne", "rus", "gravide-og-rusmidler"]
SpecialistKind = Literal["DPS", "BUP", "TSB", "akutteam", "annet"]


# Fields a kommune should fill in. Marked here once: the JSON Schema carries it (x-anbefalt), the field reference
# shows it, and `forlopsinfo report` lists what is missing.
RECOMMENDED = {"x-anbefalt": True}


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, populate_by_name=False)


# --- building blocks ------------------------------------------------------------------------------------------


class Hours(Base):
    """Én linje med åpningstid eller telefontid."""

    days: list[Day] = Field(
        alias="dager", min_length=1, description="Dagene dette gjelder, for eksempel [mandag, tirsdag, onsdag]."
    )
    opens: Time = Field(alias="fra", description='Fra klokken, for eksempel "09:00".')
    closes: Time = Field(alias="til", description='Til klokken, for eksempel "15:00".')
    note: ShortText | None = Field(None, alias="merknad", description="Kort merknad, for eksempel «ikke i juli».")

    @model_validator(mode="after")
    def _order(self) -> "Hours":
        if self.closes <= self.opens:
            raise fail("«til» må være senere enn «fra».", 'Sjekk klokkeslettene, for eksempel fra: "09:00" og til: "15:00".')
        if len({DAYS[d] for d in self.days}) != len(self.days):
            raise fail("Samme dag står flere ganger.", "Skriv hver dag bare én gang.")
        return self


class Address(Base):
    """En adresse."""

    street: ShortText = Field(alias="adresse", description="Gate og nummer, eller postboks.")
    postcode: Postcode = Field(alias="postnummer", description='Postnummer i anførselstegn, for eksempel "0150".')
    place: ShortText = Field(alias="poststed", description="Poststed.")


class ContactPerson(Base):
    """En kontaktperson oppgitt med rolle (navn er valgfritt, fordi folk bytter jobb)."""

    role: ShortText = Field(alias="rolle", description="Rollen, for eksempel «Rådgiver i koordinerende enhet».")
    name: ShortText | None = Field(None, alias="navn", description="Navn (valgfritt).")
    phone: Phone | None = Field(None, alias="telefon", description="Telefonnummer.")
    email: Email | None = Field(None, alias="epost", description="E-postadresse.")


# --- koordinerende enhet --------------------------------------------------------------------------------------


class CoordinatingUnit(Base):
    """Enheten med overordnet ansvar for koordinering (koordinerende enhet), under navnet kommunen bruker."""

    name: ShortText = Field(
        alias="navn", description="Navnet kommunen bruker, for eksempel «Koordinerende enhet» eller «Tildelingskontoret»."
    )
    placement: ShortText | None = Field(
        None, alias="plassering", description="Hvor enheten hører til i kommunen, for eksempel «Helse og omsorg»."
    )
    phone: Phone = Field(alias="telefon", description="Telefonnummeret innbyggere skal ringe.")
    phone_hours: list[Hours] = Field(alias="telefontid", min_length=1, description="Når telefonen er betjent.")
    secure_message: WebUrl | None = Field(
        None,
        alias="sikker_melding",
        description="Lenke til sikker digital melding eller digital søknad (innlogging med ID-porten). Anbefalt.",
        json_schema_extra=RECOMMENDED,
    )
    form: WebUrl | None = Field(
        None, alias="skjema", description="Lenke til skjema for dem som ikke kan bruke ID-porten (PDF eller papir)."
    )
    email: Email | None = Field(
        None, alias="epost", description="E-postadresse (valgfritt). Siden sier at e-post ikke er for sensitive opplysninger."
    )
    visiting_address: Address | None = Field(None, alias="besøksadresse", description="Besøksadresse.")
    postal_address: Address | None = Field(None, alias="postadresse", description="Postadresse.")
    opening_hours: list[Hours] = Field(default_factory=list, alias="åpningstider", description="Åpningstider for besøk.")
    contact_person: ContactPerson | None = Field(None, alias="kontaktperson", description="Kontaktperson (rolle).")
    web: WebUrl | None = Field(None, alias="nettside", description="Kommunens egen side om enheten.")


# --- forløpskoordinering, koordinator, individuell plan ---------------------------------------------------------


class TargetGroupRoute(Base):
    """Hvem som er forløpskoordinator for én målgruppe, der kommunen har ulike ordninger."""

    group: TargetGroup = Field(
        alias="målgruppe", description="barn-og-unge, voksne, rus eller gravide-og-rusmidler."
    )
    unit: ShortText = Field(alias="enhet", description="Tjenesten eller enheten som har ansvaret for denne gruppen.")
    phone: Phone | None = Field(None, alias="telefon", description="Telefonnummer.")
    phone_hours: list[Hours] = Field(default_factory=list, alias="telefontid", description="Telefontid.")
    email: Email | None = Field(None, alias="epost", description="E-postadresse.")
    web: WebUrl | None = Field(None, alias="nettside", description="Nettside.")
    note: LongText | None = Field(None, alias="merknad", description="Kort forklaring.")


class PathwayCoordination(Base):
    """Hvordan kommunen organiserer forløpskoordinering i nasjonale pasientforløp."""

    appointed_by: ShortText = Field(
        alias="oppnevnes_av",
        description="Hvem som oppnevner kommunens forløpskoordinator, for eksempel «Koordinerende enhet».",
    )
    description: LongText | None = Field(
        None, alias="beskrivelse", description="Kort om hvordan det fungerer i kommunen (2–3 setninger)."
    )
    routes: list[TargetGroupRoute] = Field(
        default_factory=list,
        alias="målgrupper",
        description="Bare hvis ordningen er ulik for barn og unge, voksne, rus eller gravide. Ellers: utelat.",
    )

    @model_validator(mode="after")
    def _unique_groups(self) -> "PathwayCoordination":
        groups = [r.group for r in self.routes]
        if len(set(groups)) != len(groups):
            raise fail("Samme målgruppe står flere ganger.", "Skriv hver målgruppe bare én gang under «målgrupper».")
        return self


class Application(Base):
    """Slik søker du om koordinator, individuell plan eller barnekoordinator."""

    digital: WebUrl | None = Field(
        None, alias="digital_søknad", description="Lenke til digital søknad (ID-porten). Anbefalt.",
        json_schema_extra=RECOMMENDED,
    )
    form: WebUrl | None = Field(None, alias="skjema", description="Lenke til søknadsskjema (PDF eller papir).")
    who_may_apply: LongText | None = Field(
        None, alias="hvem_kan_søke", description="Hvem som kan søke, for eksempel pasienten, foreldre eller verge."
    )
    power_of_attorney: LongText | None = Field(
        None, alias="fullmakt", description="Hvordan pårørende kan søke med fullmakt."
    )
    power_of_attorney_form: WebUrl | None = Field(None, alias="fullmaktsskjema", description="Lenke til fullmaktsskjema.")
    cost: ShortText | None = Field(None, alias="kostnad", description="Hva det koster, for eksempel «Det er gratis.».")
    processing_time: ShortText | None = Field(
        None, alias="saksbehandlingstid", description="Hvor lang tid det tar å få svar, for eksempel «Innen fire uker.»."
    )
    complaint: LongText | None = Field(None, alias="klage", description="Hvordan man klager på vedtaket.")


# --- spesialisthelsetjenesten ---------------------------------------------------------------------------------


class SpecialistUnit(Base):
    """En enhet i spesialisthelsetjenesten kommunen samarbeider med."""

    name: ShortText = Field(alias="navn", description="Navnet, for eksempel «Bjørgvin DPS».")
    kind: SpecialistKind = Field(alias="type", description="DPS, BUP, TSB, akutteam eller annet.")
    web: WebUrl | None = Field(None, alias="nettside", description="Nettside.")
    phone: Phone | None = Field(None, alias="telefon", description="Telefonnummer.")


class Specialist(Base):
    """Helseforetaket og enhetene i spesialisthelsetjenesten for kommunen."""

    health_trust: ShortText = Field(alias="helseforetak", description="Helseforetaket, for eksempel «Helse Bergen».")
    web: WebUrl | None = Field(None, alias="nettside", description="Helseforetakets nettside.")
    units: list[SpecialistUnit] = Field(default_factory=list, alias="enheter", description="DPS, BUP, TSB med mer.")


# --- tjenester ------------------------------------------------------------------------------------------------


class Service(Base):
    """Et tilbud i kommunen."""

    name: ShortText = Field(alias="navn", description="Navnet på tilbudet.")
    category: ServiceCategory = Field(alias="kategori", description="Hva slags tilbud det er (fast liste).")
    description: LongText = Field(alias="beskrivelse", description="Kort om tilbudet og hvem det er for (1–3 setninger).")
    referral: StrictBool = Field(
        alias="krever_henvisning", description="true hvis man må ha henvisning, false hvis man kan ta kontakt selv."
    )
    phone: ServicePhone | None = Field(
        None, alias="telefon", description="Telefonnummer. Et nasjonalt kortnummer (116 117) bare hvis tilbudet svarer på det."
    )
    phone_hours: list[Hours] = Field(default_factory=list, alias="telefontid", description="Telefontid.")
    email: Email | None = Field(None, alias="epost", description="E-postadresse.")
    web: WebUrl | None = Field(None, alias="nettside", description="Nettside.")
    address: Address | None = Field(None, alias="adresse", description="Besøksadresse.")
    opening_hours: list[Hours] = Field(default_factory=list, alias="åpningstider", description="Åpningstider.")


class SharedService(Service):
    """Et interkommunalt tilbud: skrives én gang i municipalities/interkommunale/<navn>.yaml."""

    language_form: LanguageForm = Field(alias="målform", description="Målformen tekstene i filen er skrevet på.")
    kommuner: list[KommuneNumber] = Field(
        min_length=2, description='Kommunenumrene til alle kommunene tilbudet gjelder for, for eksempel ["3301", "3305"].'
    )
    example: StrictBool = Field(
        False, alias="eksempel", description="true betyr at dette er oppdiktede eksempeldata."
    )


# --- metadata -------------------------------------------------------------------------------------------------


class ReportTo(Base):
    """Hvor feil på siden kan meldes."""

    email: Email | None = Field(None, alias="epost", description="E-postadresse for rettinger.")
    web: WebUrl | None = Field(None, alias="nettside", description="Skjema eller side for å melde feil.")

    @model_validator(mode="after")
    def _one(self) -> "ReportTo":
        if not self.email and not self.web:
            raise fail("Det må stå enten «epost» eller «nettside».", "Skriv minst én måte å melde feil på.")
        return self


class Sami(Base):
    """Samisk tekst i kontaktboksen (bare der kommunen selv har en samisk tekst)."""

    language: Literal["se", "smj", "sma"] = Field(
        alias="språk", description="se = nordsamisk, smj = lulesamisk, sma = sørsamisk."
    )
    contact_text: LongText = Field(
        alias="kontakttekst", description="Kort tekst på samisk om hvordan man kontakter koordinerende enhet."
    )


# --- the kommune file -----------------------------------------------------------------------------------------


class KommuneFile(Base):
    """Én kommunes informasjon om nasjonale pasientforløp psykisk helse og rus."""

    model_config = ConfigDict(title="Kommunefil for forløpsinfo")

    number: KommuneNumber = Field(alias="kommunenummer", description='Kommunenummeret i anførselstegn, for eksempel "4601".')
    language_form: LanguageForm = Field(
        alias="målform", description="Kommunens målform: bokmål eller nynorsk. Tekstene i filen skrives på denne."
    )
    example: StrictBool = Field(
        False, alias="eksempel", description="true betyr at opplysningene er oppdiktet. Siden viser da et tydelig varsel."
    )
    last_checked: Date = Field(
        alias="sist_kontrollert", description="Datoen noen i kommunen sist sjekket at alt i filen stemmer (ÅÅÅÅ-MM-DD)."
    )
    maintainers: list[Maintainer] = Field(
        alias="vedlikeholdere",
        min_length=1,
        description="Hvem som holder filen oppdatert: GitHub-brukernavn med @ foran, eller en e-postadresse til en rolle "
                    "i kommunen (for dem uten GitHub). Minst én. Bare GitHub-brukernavnene godkjenner endringer i filen.",
    )
    report_to: ReportTo = Field(alias="meld_feil_til", description="Hvor innbyggere kan melde feil på siden.")
    accessibility_statement: WebUrl | None = Field(
        None,
        alias="tilgjengelighetserklæring",
        description="Lenke til kommunens tilgjengelighetserklæring (uustatus.no). Anbefalt.",
        json_schema_extra=RECOMMENDED,
    )
    sami: Sami | None = Field(None, alias="samisk", description="Samisk tekst til kontaktboksen (valgfritt).")
    coordinating_unit: CoordinatingUnit = Field(
        alias="koordinerende_enhet", description="Kontaktinformasjon til koordinerende enhet."
    )
    pathway_coordination: PathwayCoordination | None = Field(
        None, alias="forløpskoordinering", description="Hvem som er forløpskoordinator i kommunen. Anbefalt.",
        json_schema_extra=RECOMMENDED,
    )
    coordinator_application: Application | None = Field(
        None,
        alias="koordinator_og_individuell_plan",
        description="Slik søker man om koordinator og individuell plan. Anbefalt.",
        json_schema_extra=RECOMMENDED,
    )
    child_coordinator_application: Application | None = Field(
        None,
        alias="barnekoordinator",
        description="Slik søker man om barnekoordinator, hvis det er annerledes enn for koordinator.",
    )
    specialist: Specialist | None = Field(
        None, alias="spesialisthelsetjenesten", description="Helseforetak, DPS, BUP og TSB for kommunen. Anbefalt.",
        json_schema_extra=RECOMMENDED,
    )
    services: list[Service] = Field(default_factory=list, alias="tjenester", description="Tilbud i kommunen.")
    shared_services: list[Slug] = Field(
        default_factory=list,
        alias="interkommunale_tjenester",
        description="Navn på felles tilbud i municipalities/interkommunale/ (filnavnet uten .yaml).",
    )


# --- the national data file -----------------------------------------------------------------------------------


LanguageCode = Annotated[StrictStr, Field(pattern=r"^[a-z]{2,3}$")]


class Localized(RootModel[dict[LanguageCode, LongText]]):
    """Samme tekst på hvert av nettstedets språk: språkkoden (nb, nn, …) og teksten på det språket."""

    model_config = ConfigDict(frozen=True)

    def __getitem__(self, lang: str) -> str:
        return self.root[lang]


class Sourced(Base):
    source: WebUrl = Field(alias="kilde", description="Hvor opplysningen er hentet fra.")
    verified_on: Date = Field(alias="kontrollert", description="Datoen opplysningen sist ble kontrollert mot kilden.")


class Pathway(Sourced):
    """Et nasjonalt pasientforløp."""

    id: Slug
    short_name: Localized = Field(alias="kortnavn", description="Kort navn i klarspråk, brukt som overskrift.")
    name: Localized = Field(alias="navn", description="Dagens offisielle navn.")
    former_name: Localized | None = Field(None, alias="tidligere_navn", description="Navnet som pakkeforløp.")
    start: Date = Field(description="Datoen forløpet ble innført.")
    start_uncertain: StrictBool = Field(
        False, alias="start_usikker", description="true: bare året er bekreftet; siden viser bare året."
    )
    start_note: Localized | None = Field(
        None, alias="merknad", description="Endringer siden start, skrevet til innbyggere. Aldri en merknad til redaktører."
    )
    group: Literal["generelt", "tilstand", "felles", "barnevern"] = Field(
        alias="gruppe",
        description="Overskriften forløpet står under: generelt (de tre generelle), tilstand (bestemte tilstander og "
        "grupper), felles (gjelder alle forløpene) eller barnevern.",
    )
    url: WebUrl | None = Field(
        None, alias="lenke", description="Helsedirektoratets side om akkurat dette forløpet, der kilden gir den."
    )


class HelpLine(Sourced):
    """Et nasjonalt nødnummer eller en hjelpetelefon."""

    id: Slug
    name: Localized = Field(alias="navn")
    short_name: Localized | None = Field(
        None, alias="kortnavn", description="Kort navn til ringeknappene øverst på sidene, der navnet er langt."
    )
    number: ShortText = Field(alias="nummer", description="Nummeret slik det skrives, for eksempel «116 117».")
    when: Localized = Field(alias="når", description="Når man skal ringe, kort.")
    open: Localized | None = Field(None, alias="åpent", description="Åpningstid, hvis den er kontrollert.")
    url: WebUrl | None = Field(None, alias="lenke")
    urgency: StrictInt = Field(alias="hastegrad", ge=1, le=9, description="1 = mest akutt.")
    acute: StrictBool = Field(alias="akutt", description="true = vises i «Trenger du hjelp nå?» på alle sider.")
    top: StrictBool = Field(
        False, alias="øverst", description="true = står i den korte linjen med akutt hjelp øverst på hver side."
    )
    audience: Literal["alle", "barn-og-unge", "pårørende", "etterlatte"] = Field("alle", alias="målgruppe")


class Law(Sourced):
    """En lov eller forskrift, med navn som på Lovdata."""

    id: Slug
    name: Localized = Field(alias="navn", description="Tittel som på Lovdata, på hvert språk (nynorsk: nynorsk form).")
    short_name: Localized | None = Field(
        None, alias="korttittel", description="Korttittel som på Lovdata, på hvert språk. Vises på sidene når den finnes."
    )
    sections: ShortText | None = Field(None, alias="paragrafer", description="Paragrafene som gjelder.")
    about: Localized = Field(alias="om", description="Hva den sier, kort.")
    url: WebUrl = Field(alias="lenke")


class ReadMore(Sourced):
    id: Slug
    title: Localized = Field(alias="tittel")
    url: WebUrl = Field(alias="lenke")
    audience: Literal["alle", "pårørende", "etterlatte"] = Field(
        "alle", alias="målgruppe",
        description="alle: kommunesidene og siden om rettigheter; pårørende: siden for pårørende; etterlatte: siden om akutt hjelp.",
    )


class NationalData(Base):
    """Nasjonale fakta som gjelder alle kommuner. Redigeres bare av prosjektet."""

    model_config = ConfigDict(title="Nasjonale data for forløpsinfo")

    pathways: list[Pathway] = Field(alias="forløp", min_length=1)
    help_lines: list[HelpLine] = Field(alias="hjelpetelefoner", min_length=1)
    laws: list[Law] = Field(alias="lover", min_length=1)
    read_more: list[ReadMore] = Field(alias="les_mer", min_length=1)


# --- Enhetsregisteret -----------------------------------------------------------------------------------------


class RegisteredKommune(Base):
    """Det Enhetsregisteret har om én kommune (organisasjonsform KOMM). Skrives av «forlopsinfo register --write»."""

    org_number: OrgNumber = Field(alias="organisasjonsnummer", description="Organisasjonsnummeret.")
    registered_name: ShortText = Field(alias="navn", description="Navnet slik det står i registeret.")
    website: WebUrl | None = Field(None, alias="hjemmeside", description="Kommunens nettsted (https://…).")
    phone: Phone | None = Field(None, alias="telefon", description="Telefonnummeret (sentralbordet).")
    mobile: Phone | None = Field(None, alias="mobil", description="Mobilnummeret.")
    email: Email | None = Field(None, alias="epost", description="E-postadressen.")
    postal_address: Address | None = Field(None, alias="postadresse", description="Postadressen.")
    business_address: Address | None = Field(None, alias="forretningsadresse", description="Forretningsadressen.")


class EnterpriseRegister(Base):
    """Kommunene i Enhetsregisteret (Brønnøysundregistrene), hentet fra det åpne API-et. Rediger ikke for hånd."""

    model_config = ConfigDict(title="Kommunene i Enhetsregisteret")

    source: ShortText = Field(alias="kilde", description="Hvor dataene kommer fra.")
    licence: ShortText = Field(alias="lisens", description="Lisensen dataene er gitt ut under.")
    source_url: WebUrl = Field(alias="adresse", description="Adressen dataene ble hentet fra.")
    fetched: Date | None = Field(alias="hentet", description="Datoen dataene ble hentet, eller null før første henting.")
    kommuner: dict[KommuneNumber, RegisteredKommune] = Field(
        alias="kommuner", description="Per kommunenummer: det registeret har om kommunen."
    )

    @model_validator(mode="after")
    def _fetched_with_data(self) -> "EnterpriseRegister":
        if self.kommuner and self.fetched is None:
            raise fail("Filen har kommuner, men ingen dato i «hentet».", "Kjør «forlopsinfo register --write» på nytt.")
        return self
