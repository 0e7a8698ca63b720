"""Nynorsk forms of every message the validator gives, for kommune and shared-service files with `målform: nynorsk`.

One table, keyed by the bokmål text exactly as the code writes it; `{}` stands where the code puts in a value (an
f-string's `{…}`, or a `.format()` field). A problem is made in bokmål where it is found and put into nynorsk at the
end of `load_dataset` (validate/dataset.py) when its file says `målform: nynorsk`; a file whose målform cannot be read
(it does not parse that far, or says something else) gets bokmål. A message the table lacks stays in bokmål, and
`tests/load/test_nynorsk.py` fails: it collects every message from the code (the calls that make problems, the
tables of hints, pydantic's explanations) and requires its nynorsk form here, and no form for a message that is gone.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from forlopsinfo.load.problems import Problem

NYNORSK: dict[str, str] = {
    # --- load/yamlload.py: reading the file ---------------------------------------------------------------------
    "Verdien kan leses som ja/nei av noen YAML-verktøy og som tekst av andre.":
        "Verdien kan lesast som ja/nei av nokre YAML-verktøy og som tekst av andre.",
    'Mener du ja eller nei, skriv true eller false. Mener du teksten, sett den i anførselstegn: "{}".':
        'Meiner du ja eller nei, skriv true eller false. Meiner du teksten, set han i hermeteikn: "{}".',
    "Et tall som begynner med 0 blir forvandlet av YAML (0301 kan bli 301 eller 193).":
        "Eit tal som byrjar med 0, blir forvandla av YAML (0301 kan bli 301 eller 193).",
    'Sett verdien i anførselstegn: "{}".': 'Set verdien i hermeteikn: "{}".',
    "Et klokkeslett uten anførselstegn kan bli lest som et tall (12:30 blir 750).":
        "Eit klokkeslett utan hermeteikn kan bli lese som eit tal (12:30 blir 750).",
    'Sett klokkeslettet i anførselstegn: "{}".': 'Set klokkeslettet i hermeteikn: "{}".',
    "Det står et tabulatortegn (Tab) i filen.": "Det står eit tabulatorteikn (Tab) i fila.",
    "Bruk mellomrom i stedet for Tab.": "Bruk mellomrom i staden for Tab.",
    "Et kolon (:) står der YAML ikke venter det.": "Eit kolon (:) står der YAML ikkje ventar det.",
    'Står det kolon i en tekst, sett hele teksten i anførselstegn: "Åpent: 09–15". Sjekk også innrykket.':
        'Står det kolon i ein tekst, set heile teksten i hermeteikn: "Ope: 09–15". Sjekk òg innrykket.',
    "Det mangler et kolon etter et feltnavn, eller en tekst går over flere linjer.":
        "Det manglar eit kolon etter eit feltnamn, eller ein tekst går over fleire liner.",
    "Skriv «feltnavn: verdi». Lang tekst over flere linjer skrives som «felt: >» med innrykk på linjene under.":
        "Skriv «feltnamn: verdi». Lang tekst over fleire liner skriv du som «felt: >» med innrykk på linene under.",
    "Innrykket stemmer ikke.": "Innrykket stemmer ikkje.",
    "Felt som hører sammen må ha nøyaktig like mange mellomrom foran seg.":
        "Felt som høyrer saman, må ha nøyaktig like mange mellomrom framfor seg.",
    "Innrykket i en liste stemmer ikke.": "Innrykket i ei liste stemmer ikkje.",
    "Alle punkter i en liste må begynne med «- » på samme innrykk.":
        "Alle punkt i ei liste må byrje med «- » på same innrykk.",
    "Et anførselstegn er ikke lukket.": "Eit hermeteikn er ikkje lukka.",
    "Se etter et \" eller ' som mangler sin partner, gjerne på linjen over.":
        "Sjå etter eit \" eller ' som manglar partnaren sin, gjerne på lina over.",
    "En kode som \\ud800 i en tekst med doble anførselstegn er ikke et tegn.":
        "Ein kode som \\ud800 i ein tekst med doble hermeteikn er ikkje eit teikn.",
    "Skriv tegnet direkte i teksten i stedet for koden, eller bruk enkle anførselstegn rundt teksten.":
        "Skriv teiknet direkte i teksten i staden for koden, eller bruk enkle hermeteikn rundt teksten.",
    "En skråstrek (\\) i en tekst med doble anførselstegn.": "Ein skråstrek (\\) i ein tekst med doble hermeteikn.",
    "Bruk enkle anførselstegn rundt teksten, eller skriv \\\\.": "Bruk enkle hermeteikn rundt teksten, eller skriv \\\\.",
    "Filen har mer enn ett YAML-dokument (---).": "Fila har meir enn eitt YAML-dokument (---).",
    "Fjern linjer med bare --- etter den første.": "Fjern liner med berre --- etter den første.",
    "Filen bruker et alias (*navn).": "Fila brukar eit alias (*namn).",
    "Ankere og alias (& og *) er ikke tillatt. Skriv verdien helt ut.":
        "Anker og alias (& og *) er ikkje tillatne. Skriv verdien heilt ut.",
    "Et nytt punkt i listen mangler «- » foran seg.": "Eit nytt punkt i lista manglar «- » framfor seg.",
    "Begynn linjen med «- » på samme innrykk som «- » i punktet over. Ikke slett noe.":
        "Byrj lina med «- » på same innrykk som «- » i punktet over. Ikkje slett noko.",
    "Anførselstegnet ({}) som begynner teksten her, er ikke lukket.":
        "Hermeteiknet ({}) som byrjar teksten her, er ikkje lukka.",
    "Sett et {} også på slutten av teksten på denne linjen. Teksten kan ikke gå over flere linjer.":
        "Set eit {} òg på slutten av teksten på denne lina. Teksten kan ikkje gå over fleire liner.",
    "Det mangler et mellomrom etter kolonet i «{}:».": "Det manglar eit mellomrom etter kolonet i «{}:».",
    "Skriv et mellomrom mellom kolonet og verdien: «{}: …».": "Skriv eit mellomrom mellom kolonet og verdien: «{}: …».",
    "Linjen ser ut som fortsettelsen av teksten på linje {}, men den mangler innrykk.":
        "Lina ser ut som framhaldet av teksten på line {}, men ho manglar innrykk.",
    "Flytt teksten opp på slutten av linje {}, så teksten står på én linje.":
        "Flytt teksten opp på slutten av line {}, så teksten står på éi line.",
    "Filen kan ikke leses som YAML ({}).": "Fila kan ikkje lesast som YAML ({}).",
    "Sjekk innrykk, kolon og anførselstegn på denne linjen og linjen over.":
        "Sjekk innrykk, kolon og hermeteikn på denne lina og lina over.",
    "Filen kan ikke leses som YAML: {}": "Fila kan ikkje lesast som YAML: {}",
    "Filen har bare vognretur (CR) som linjeskift, så alt står på én linje.":
        "Fila har berre vognretur (CR) som linjeskift, så alt står på éi line.",
    "Lagre filen med vanlige linjeskift (LF eller CRLF), for eksempel «Lagre som» i et annet redigeringsprogram.":
        "Lagre fila med vanlege linjeskift (LF eller CRLF), til dømes «Lagre som» i eit anna redigeringsprogram.",
    "Egne YAML-merker (tagger som begynner med !) er ikke tillatt.":
        "Eigne YAML-merke (taggar som byrjar med !) er ikkje tillatne.",
    "Fjern merket og skriv bare verdien.": "Fjern merket og skriv berre verdien.",
    "Her begynner trolig et nytt punkt i listen, men linjen mangler «- » foran «{}:». Derfor står feltene to ganger "
    "i samme punkt (første gang fra linje {}).":
        "Her byrjar truleg eit nytt punkt i lista, men lina manglar «- » framfor «{}:». Difor står felta to gonger i "
        "same punkt (første gong frå line {}).",
    "Skriv «- » foran «{}:», rett under «- » i punktet over. Ikke slett noe.":
        "Skriv «- » framfor «{}:», rett under «- » i punktet over. Ikkje slett noko.",
    "Feltet står to ganger i samme del av filen (første gang på linje {}).":
        "Feltet står to gonger i same del av fila (første gong på line {}).",
    "Slå dem sammen til ett felt, så ingen opplysning går tapt. Er det to ulike punkter i en liste, mangler det «- » "
    "foran det andre.":
        "Slå dei saman til eitt felt, så inga opplysning går tapt. Er det to ulike punkt i ei liste, manglar det «- » "
        "framfor det andre.",
    "Teksten er for lang ({} tegn; grensen er {}).": "Teksten er for lang ({} teikn; grensa er {}).",
    "Skriv kortere. Lengre informasjon hører hjemme på kommunens egne nettsider; lenk dit.":
        "Skriv kortare. Lengre informasjon høyrer heime på dei eigne nettsidene til kommunen; lenk dit.",
    "Teksten inneholder et usynlig styringstegn (U+{}).": "Teksten inneheld eit usynleg styringsteikn (U+{}).",
    "Skriv teksten på nytt for hånd i stedet for å lime den inn, eller slett tegnet.":
        "Skriv teksten på nytt for hand i staden for å lime han inn, eller slett teiknet.",
    "Tallet har for mange sifre ({}).": "Talet har for mange siffer ({}).",
    "Skriv tallet slik det skal stå. Er det en tekst, sett den i anførselstegn.":
        "Skriv talet slik det skal stå. Er det ein tekst, set han i hermeteikn.",
    "Teksten stopper foran « #», fordi # etter et mellomrom begynner en kommentar. Resten av linjen kommer ikke med "
    "på siden.":
        "Teksten stoppar framfor « #», fordi # etter eit mellomrom byrjar ein kommentar. Resten av lina kjem ikkje med "
        "på sida.",
    'Sett hele teksten i anførselstegn, fra første ord til slutten av linjen: "… #…". Er det ment som en kommentar, '
    "sett to mellomrom foran #.":
        'Set heile teksten i hermeteikn, frå første ord til slutten av lina: "… #…". Er det meint som ein kommentar, '
        "set to mellomrom framfor #.",
    "Filen er for stor ({} KB; grensen er {} KB).": "Fila er for stor ({} KB; grensa er {} KB).",
    "En kommunefil skal bare ha kontaktinformasjon og korte tekster. Fjern innlimt tekst eller bilder.":
        "Ei kommunefil skal berre ha kontaktinformasjon og korte tekstar. Fjern innlimt tekst eller bilete.",
    "YAML-direktiver (linjer som begynner med %, som %TAG og %YAML) er ikke tillatt.":
        "YAML-direktiv (liner som byrjar med %, som %TAG og %YAML) er ikkje tillatne.",
    "Slett direktivet og linjen med bare --- under det (linje {}, kolonne {}).":
        "Slett direktivet og lina med berre --- under det (line {}, kolonne {}).",
    "Ankere og alias (& og *) er ikke tillatt.": "Anker og alias (& og *) er ikkje tillatne.",
    "Skriv verdien helt ut på hvert sted den skal stå.": "Skriv verdien heilt ut på kvar stad han skal stå.",
    "Et feltnavn må være et ord.": "Eit feltnamn må vere eit ord.",
    "Skriv feltnavnet som vanlig tekst, for eksempel «telefon:».": "Skriv feltnamnet som vanleg tekst, til dømes «telefon:».",
    "Sammenslåing med << er ikke tillatt.": "Samanslåing med << er ikkje tillate.",
    "Skriv feltene helt ut.": "Skriv felta heilt ut.",
    "Feltnavnet inneholder et usynlig tegn (U+{}).": "Feltnamnet inneheld eit usynleg teikn (U+{}).",
    "Skriv feltnavnet på nytt for hånd, uten å lime det inn.": "Skriv feltnamnet på nytt for hand, utan å lime det inn.",
    "Filen er ikke lagret som UTF-8, så æ, ø og å blir feil.": "Fila er ikkje lagra som UTF-8, så æ, ø og å blir feil.",
    "Lagre filen med tegnkoding UTF-8 (i de fleste redigeringsprogram: «Lagre som» → «UTF-8»).":
        "Lagre fila med teiknkoding UTF-8 (i dei fleste redigeringsprogram: «Lagre som» → «UTF-8»).",
    "Filen kan ikke leses ({}).": "Fila kan ikkje lesast ({}).",
    "Sjekk at filen finnes og at du har lesetilgang til den.": "Sjekk at fila finst, og at du har lesetilgang til henne.",
    "Filen har for mange nivåer inne i hverandre (mer enn {}).": "Fila har for mange nivå inni kvarandre (meir enn {}).",
    "Sjekk klammene [ ] og { } og innrykket. En kommunefil har høyst fem-seks nivåer.":
        "Sjekk klammene [ ] og { } og innrykket. Ei kommunefil har høgst fem-seks nivå.",
    "Filen inneholder et tegn som ikke er tillatt (U+{}).": "Fila inneheld eit teikn som ikkje er tillate (U+{}).",
    "Slett tegnet. Det er usynlig i de fleste redigeringsprogram: skriv linjen på nytt for hånd.":
        "Slett teiknet. Det er usynleg i dei fleste redigeringsprogram: skriv lina på nytt for hand.",
    "Filen kan ikke leses som YAML.": "Fila kan ikkje lesast som YAML.",
    "Sjekk innrykk, kolon og anførselstegn.": "Sjekk innrykk, kolon og hermeteikn.",
    # --- validate/fieldtypes.py and model.py: the values ---------------------------------------------------------
    "Kommunenummeret skal ha fire sifre.": "Kommunenummeret skal ha fire siffer.",
    'Skriv nummeret i anførselstegn, for eksempel "0301". Finn det i municipalities/register/kommuner.csv.':
        'Skriv nummeret i hermeteikn, til dømes "0301". Finn det i municipalities/register/kommuner.csv.',
    "Postnummeret skal ha fire sifre.": "Postnummeret skal ha fire siffer.",
    'Skriv postnummeret i anførselstegn, for eksempel "0150".': 'Skriv postnummeret i hermeteikn, til dømes "0150".',
    "Klokkeslettet skal skrives som TT:MM.": "Klokkeslettet skal skrivast som TT:MM.",
    'Skriv for eksempel "08:00" eller "15:30", i anførselstegn.': 'Skriv til dømes "08:00" eller "15:30", i hermeteikn.',
    "Navnet skal bare ha små bokstaver a–z, tall og bindestrek.": "Namnet skal berre ha små bokstavar a–z, tal og bindestrek.",
    "Skriv for eksempel legevakt-hallingdal.": "Skriv til dømes legevakt-hallingdal.",
    "Dette er verken et GitHub-brukernavn eller en e-postadresse.":
        "Dette er verken eit brukarnamn på GitHub eller ei e-postadresse.",
    'Skriv et GitHub-brukernavn med @ foran, for eksempel "@ola-nordmann", eller en e-postadresse til en rolle, for '
    "eksempel psykisk.helse@kommune.no.":
        'Skriv eit brukarnamn på GitHub med @ framfor, til dømes "@ola-nordmann", eller ei e-postadresse til ei rolle, '
        "til dømes psykisk.helse@kommune.no.",
    "Teksten skal stå på én linje.": "Teksten skal stå på éi line.",
    "Fjern linjeskiftet, eller skriv alt på samme linje.": "Fjern linjeskiftet, eller skriv alt på same line.",
    "Dette er ikke et gyldig telefonnummer.": "Dette er ikkje eit gyldig telefonnummer.",
    'Skriv nummeret med åtte sifre i anførselstegn, for eksempel "22 40 00 40" eller "+47 22 40 00 40".':
        'Skriv nummeret med åtte siffer i hermeteikn, til dømes "22 40 00 40" eller "+47 22 40 00 40".',
    'Skriv nummeret med åtte sifre i anførselstegn, for eksempel "22 40 00 40", eller et nasjonalt kortnummer som '
    'tjenesten svarer på, for eksempel "116 117".':
        'Skriv nummeret med åtte siffer i hermeteikn, til dømes "22 40 00 40", eller eit nasjonalt kortnummer som '
        'tenesta svarar på, til dømes "116 117".',
    "Telefonnummeret har et internnummer (ext.), som ikke kan ringes fra en lenke.":
        "Telefonnummeret har eit internnummer (ext.), som ikkje kan ringjast frå ei lenke.",
    "Skriv bare nummeret innbyggerne ringer. Skriv internnummeret i en merknad hvis det trengs.":
        "Skriv berre nummeret innbyggjarane ringjer. Skriv internnummeret i ein merknad dersom det trengst.",
    "E-postadressen har et tegn (?, &, %, #, / eller mellomrom) som ville lagt noe til i e-postlenken.":
        "E-postadressa har eit teikn (?, &, %, #, / eller mellomrom) som ville lagt noko til i e-postlenka.",
    "Skriv adressen slik: navn@kommune.kommune.no, med bare bokstaver, tall, punktum, bindestrek og _ før @.":
        "Skriv adressa slik: namn@kommune.kommune.no, med berre bokstavar, tal, punktum, bindestrek og _ før @.",
    "Bare nettadresser som begynner med https:// (eller http://) er tillatt her.":
        "Berre nettadresser som byrjar med https:// (eller http://), er tillatne her.",
    "Kopier adressen fra adressefeltet i nettleseren, så den begynner med https://.":
        "Kopier adressa frå adressefeltet i nettlesaren, så ho byrjar med https://.",
    "Nettadressen er ikke gyldig.": "Nettadressa er ikkje gyldig.",
    "Kopier hele adressen fra adressefeltet i nettleseren, uten mellomrom, for eksempel https://www.kommune.no/side.":
        "Kopier heile adressa frå adressefeltet i nettlesaren, utan mellomrom, til dømes https://www.kommune.no/side.",
    "Datoen skal skrives som ÅÅÅÅ-MM-DD.": "Datoen skal skrivast som ÅÅÅÅ-MM-DD.",
    "Skriv for eksempel 2026-11-20.": "Skriv til dømes 2026-11-20.",
    "Dette er ikke en gyldig e-postadresse.": "Dette er ikkje ei gyldig e-postadresse.",
    "Skriv adressen slik: navn@kommune.kommune.no (uten «mailto:» og uten mellomrom).":
        "Skriv adressa slik: namn@kommune.kommune.no (utan «mailto:» og utan mellomrom).",
    "Dette er ikke et GitHub-brukernavn.": "Dette er ikkje eit brukarnamn på GitHub.",
    'Skriv brukernavnet med @ foran, i anførselstegn, for eksempel "@ola-nordmann". Har dere ikke GitHub, skriv en '
    "e-postadresse til en rolle i stedet, for eksempel psykisk.helse@kommune.no.":
        'Skriv brukarnamnet med @ framfor, i hermeteikn, til dømes "@ola-nordmann". Har de ikkje GitHub, skriv ei '
        "e-postadresse til ei rolle i staden, til dømes psykisk.helse@kommune.no.",
    "Dette er ikke et gyldig organisasjonsnummer.": "Dette er ikkje eit gyldig organisasjonsnummer.",
    'Skriv de ni sifrene slik Enhetsregisteret viser dem, i anførselstegn, for eksempel "964338531".':
        'Skriv dei ni siffera slik Einingsregisteret viser dei, i hermeteikn, til dømes "964338531".',
    "Datoen finnes ikke.": "Datoen finst ikkje.",
    "Sjekk dag og måned, for eksempel 2026-11-20.": "Sjekk dag og månad, til dømes 2026-11-20.",
    "«til» må være senere enn «fra».": "«til» må vere seinare enn «fra».",
    'Sjekk klokkeslettene, for eksempel fra: "09:00" og til: "15:00".':
        'Sjekk klokkesletta, til dømes fra: "09:00" og til: "15:00".',
    "Samme dag står flere ganger.": "Same dag står fleire gonger.",
    "Skriv hver dag bare én gang.": "Skriv kvar dag berre éin gong.",
    "Samme målgruppe står flere ganger.": "Same målgruppe står fleire gonger.",
    "Skriv hver målgruppe bare én gang under «målgrupper».": "Skriv kvar målgruppe berre éin gong under «målgrupper».",
    "Det må stå enten «epost» eller «nettside».": "Det må stå anten «epost» eller «nettside».",
    "Skriv minst én måte å melde feil på.": "Skriv minst éin måte å melde feil på.",
    "Filen har kommuner, men ingen dato i «hentet».": "Fila har kommunar, men ingen dato i «hentet».",
    "Kjør «forlopsinfo register --write» på nytt.": "Køyr «forlopsinfo register --write» på nytt.",
    # --- validate/messages.py: the data model's errors ----------------------------------------------------------
    "Verdien er ikke gyldig ({}).": "Verdien er ikkje gyldig ({}).",
    "Sjekk verdien mot malen i templates/kommune-mal.yaml.": "Sjekk verdien mot malen i templates/kommune-mal-nn.yaml.",
    "Feltet «{}» mangler.": "Feltet «{}» manglar.",
    "Legg til «{}:» med en verdi. Se hvordan i templates/kommune-mal.yaml.":
        "Legg til «{}:» med ein verdi. Sjå korleis i templates/kommune-mal-nn.yaml.",
    "Ukjent felt.": "Ukjend felt.",
    "Slett feltet eller flytt det dit det hører hjemme. Tillatte felt her: {}.":
        "Slett feltet eller flytt det dit det høyrer heime. Tillatne felt her: {}.",
    "Verdien skal være tekst.": "Verdien skal vere tekst.",
    "Skriv en tekst etter kolonet.": "Skriv ein tekst etter kolonet.",
    "Verdien skal være true eller false.": "Verdien skal vere true eller false.",
    "Skriv true (ja) eller false (nei), uten anførselstegn.": "Skriv true (ja) eller false (nei), utan hermeteikn.",
    "Verdien skal være et helt tall.": "Verdien skal vere eit heilt tal.",
    "Skriv et tall uten anførselstegn, for eksempel 3.": "Skriv eit tal utan hermeteikn, til dømes 3.",
    "Verdien skal være en liste.": "Verdien skal vere ei liste.",
    "Skriv hvert punkt på en egen linje som begynner med «- » (to mellomrom innrykk).":
        "Skriv kvart punkt på ei eiga line som byrjar med «- » (to mellomrom innrykk).",
    "Her skal det stå en gruppe felt.": "Her skal det stå ei gruppe felt.",
    "Skriv feltene på linjene under, med to mellomrom mer innrykk, slik malen viser.":
        "Skriv felta på linene under, med to mellomrom meir innrykk, slik malen viser.",
    "Verdien er ikke en av de tillatte.": "Verdien er ikkje ein av dei tillatne.",
    "Bruk en av disse: {}.": "Bruk ein av desse: {}.",
    "Feltet er tomt.": "Feltet er tomt.",
    "Skriv en verdi, eller fjern feltet hvis det er valgfritt.": "Skriv ein verdi, eller fjern feltet dersom det er valfritt.",
    "Skriv kortere.": "Skriv kortare.",
    "Listen er tom.": "Lista er tom.",
    "Skriv minst ett punkt i listen.": "Skriv minst eitt punkt i lista.",
    "Tallet er utenfor det tillatte området.": "Talet er utanfor det tillatne området.",
    "Sjekk verdien.": "Sjekk verdien.",
    "Mente du «{}»? Rett stavemåten.": "Meinte du «{}»? Rett stavemåten.",
    'Skriv klokkeslettet som TT:MM i anførselstegn, for eksempel "09:00".':
        'Skriv klokkeslettet som TT:MM i hermeteikn, til dømes "09:00".',
    "Sett verdien i anførselstegn, nøyaktig slik den skal stå. Et tall uten anførselstegn kan miste sifre.":
        "Set verdien i hermeteikn, nøyaktig slik han skal stå. Eit tal utan hermeteikn kan miste siffer.",
    "Her skal det stå én tekst, ikke en liste eller en gruppe felt.":
        "Her skal det stå éin tekst, ikkje ei liste eller ei gruppe felt.",
    "Skriv teksten rett etter kolonet.": "Skriv teksten rett etter kolonet.",
    "Skriv den nøyaktig slik: {}.": "Skriv han nøyaktig slik: {}.",
    # --- validate/dataset.py: the file as a whole and the checks across files ----------------------------------
    "Første linje skal koble filen til skjemaet, slik at redigeringsprogrammet kan hjelpe deg.":
        "Første line skal kople fila til skjemaet, slik at redigeringsprogrammet kan hjelpe deg.",
    "Sett inn denne linjen øverst: {}": "Set inn denne lina øvst: {}",
    "Kommunenummeret finnes ikke i kommuneregisteret.": "Kommunenummeret finst ikkje i kommuneregisteret.",
    "Finn riktig nummer i municipalities/register/kommuner.csv (fire sifre, i anførselstegn).":
        "Finn rett nummer i municipalities/register/kommuner.csv (fire siffer, i hermeteikn).",
    "Datoen er frem i tid.": "Datoen er fram i tid.",
    "Skriv datoen da noen faktisk sjekket opplysningene.": "Skriv datoen då nokon faktisk sjekka opplysningane.",
    "Filnavnet {} passer ikke med kommunenummeret {} ({}).": "Filnamnet {} passar ikkje med kommunenummeret {} ({}).",
    "Rett kommunenummeret hvis det er feil. Er nummeret riktig, gi filen navnet municipalities/{}.":
        "Rett kommunenummeret dersom det er feil. Er nummeret rett, gi fila namnet municipalities/{}.",
    "Finner ingen interkommunal tjeneste med dette navnet.": "Finn inga interkommunal teneste med dette namnet.",
    "Navnet er filnavnet i municipalities/interkommunale/ uten .yaml. Tilgjengelige: {}.":
        "Namnet er filnamnet i municipalities/interkommunale/ utan .yaml. Tilgjengelege: {}.",
    "Kjør «forlopsinfo register» for å oppdatere begge registrene.":
        "Køyr «forlopsinfo register» for å oppdatere begge registera.",
    "Kommunen har allerede en fil: {}.": "Kommunen har alt ei fil: {}.",
    "En kommune skal ha nøyaktig én fil. Flytt det som bare står i den ene, over i den andre, og slett så den ene.":
        "Ein kommune skal ha nøyaktig éi fil. Flytt det som berre står i den eine, over i den andre, og slett så den "
        "eine.",
    "Dette er en eksempelverdi, ikke kommunens egen opplysning.": "Dette er ein eksempelverdi, ikkje ei opplysning frå kommunen.",
    "Bytt den ut med kommunens ekte opplysning. Er ikke alt ekte ennå, la «eksempel: true» stå i filen.":
        "Byt han ut med den ekte opplysninga frå kommunen. Er ikkje alt ekte enno, lat «eksempel: true» stå i fila.",
    "Tjenesten gjelder ikke for kommune {} ifølge {}.": "Tenesta gjeld ikkje for kommune {} ifølgje {}.",
    'Legg til "{}" under «kommuner» i {}, eller fjern henvisningen.':
        'Legg til "{}" under «kommuner» i {}, eller fjern tilvisinga.',
    "Filen er tom.": "Fila er tom.",
    "Kopier malen templates/kommune-mal.yaml og fyll den ut.":
        "Kopier malen templates/kommune-mal-nn.yaml og fyll han ut.",
    "Filen skal bestå av felt («navn: verdi»).": "Fila skal vere felt («namn: verdi»).",
    "Se templates/kommune-mal.yaml.": "Sjå templates/kommune-mal-nn.yaml.",
    "Sjekk nummeret i municipalities/register/kommuner.csv.": "Sjekk nummeret i municipalities/register/kommuner.csv.",
    "Teksten mangler på språket «{}».": "Teksten manglar på språket «{}».",
    "Legg til «{}:» med teksten på dette språket. Nettstedet har disse språkene: {}.":
        "Legg til «{}:» med teksten på dette språket. Nettstaden har desse språka: {}.",
    # --- validate/files.py: what stands in municipalities/ ------------------------------------------------------
    "En kommunefil heter kommunenummer-navn.yaml, for eksempel 4601-bergen.yaml (nummer og navn står i "
    "municipalities/register/kommuner.csv). Er det ikke en kommunefil, slett den.":
        "Ei kommunefil heiter kommunenummer-namn.yaml, til dømes 4601-bergen.yaml (nummer og namn står i "
        "municipalities/register/kommuner.csv). Er det ikkje ei kommunefil, slett henne.",
    "Filen blir ikke lest. {}": "Fila blir ikkje lesen. {}",
    "Filer i undermapper blir ikke lest. Flytt kommunefiler rett inn i municipalities/ (felles tilbud i "
    "municipalities/interkommunale/), og slett mappen.":
        "Filer i undermapper blir ikkje lesne. Flytt kommunefiler rett inn i municipalities/ (felles tilbod i "
        "municipalities/interkommunale/), og slett mappa.",
    "Filen blir ikke lest. Gi den navnet {}.yaml.": "Fila blir ikkje lesen. Gi henne namnet {}.yaml.",
    "Et felles tilbud heter et kort navn med små bokstaver a–z, tall og bindestrek, og slutter på .yaml, for eksempel "
    "legevakt-hallingdal.yaml.":
        "Eit felles tilbod heiter eit kort namn med små bokstavar a–z, tal og bindestrek, og sluttar på .yaml, til "
        "dømes legevakt-hallingdal.yaml.",
    "Dette er en snarvei (symbolsk lenke), ikke en fil. Den blir ikke fulgt.":
        "Dette er ein snarveg (symbolsk lenke), ikkje ei fil. Han blir ikkje følgd.",
    "Legg selve filen her i stedet for snarveien.": "Legg sjølve fila her i staden for snarvegen.",
    "Dette er en mappe, men den har navnet til en fil.": "Dette er ei mappe, men ho har namnet til ei fil.",
    "Gi mappen et annet navn, eller slett den. Kommunefiler er vanlige filer.":
        "Gi mappa eit anna namn, eller slett henne. Kommunefiler er vanlege filer.",
    "Dette er ikke en vanlig fil (men for eksempel en rørledning eller en enhet).":
        "Dette er ikkje ei vanleg fil (men til dømes ei røyrleidning eller ei eining).",
    "Slett den, og legg en vanlig tekstfil her.": "Slett henne, og legg ei vanleg tekstfil her.",
    "Filen finnes ikke.": "Fila finst ikkje.",
    "Sjekk navnet og mappen.": "Sjekk namnet og mappa.",
    "Sjekk at filen finnes og kan leses.": "Sjekk at fila finst og kan lesast.",
    "Ukjent {} i {}: {}.": "Ukjend {} i {}: {}.",
    "Første linje i kommuneregisteret har ikke de riktige kolonnene.":
        "Første line i kommuneregisteret har ikkje dei rette kolonnane.",
    "Første linje skal være: {}": "Første line skal vere: {}",
    "Linjen har {} kolonner, ikke {}.": "Lina har {} kolonnar, ikkje {}.",
    "Sjekk kommaene; et navn med komma står i anførselstegn.": "Sjekk kommaa; eit namn med komma står i hermeteikn.",
    "Rett nummeret etter SSBs kommuneliste.": "Rett nummeret etter kommunelista til SSB.",
    "Fylkesnummeret skal ha to sifre.": "Fylkesnummeret skal ha to siffer.",
    "Rett nummeret etter SSBs fylkesliste.": "Rett nummeret etter fylkeslista til SSB.",
    "Skriv true eller false.": "Skriv true eller false.",
    "Dette skal være en vanlig mappe, men er det ikke (for eksempel en snarvei). Den blir ikke lest.":
        "Dette skal vere ei vanleg mappe, men er det ikkje (til dømes ein snarveg). Ho blir ikkje lesen.",
    "Legg selve mappen med filene her i stedet.": "Legg sjølve mappa med filene her i staden.",
    "Nummeret står også på linje {}.": "Nummeret står òg på line {}.",
    "Hver kommune skal stå én gang.": "Kvar kommune skal stå éin gong.",
    "Navnet har {}.": "Namnet har {}.",
    "Skriv navnet slik SSB og Kartverket skriver det.": "Skriv namnet slik SSB og Kartverket skriv det.",
}

# Parts that code puts into the messages above ({} filled from a variable, not written at the call).
PARTS: dict[str, str] = {
    "et tegn som ikke hører hjemme i et navn (U+{})": "eit teikn som ikkje høyrer heime i eit namn (U+{})",
    "ingen tekst": "ingen tekst",
    "fil": "fil",
    "mappe": "mappe",
    # show_value() (load/problems.py): what was found, when it is no single value
    "ingen verdi": "ingen verdi",
    "en liste": "ei liste",
    "en liste med felt (oppslag)": "ei liste med felt (oppslag)",
}

_ALL = {**NYNORSK, **PARTS}
_EXACT = {nb: nn for nb, nn in _ALL.items() if "{}" not in nb}
# Templates with values, the most literal text first, so «Filen kan ikke leses som YAML ({})» wins over a shorter one.
_PATTERNS = sorted(
    ((re.compile("(.+?)".join(re.escape(part) for part in nb.split("{}")), re.S), nb, nn)
     for nb, nn in _ALL.items() if "{}" in nb),
    key=lambda entry: -len(entry[0].pattern),
)


@functools.lru_cache(maxsize=4096)
def nynorsk(text: str) -> str:
    """`text` in nynorsk: the table's form, with each value put back (itself translated when it is one of the
    messages, as in «Fila kan ikkje lesast som YAML: Innrykket stemmer ikkje.»). Unknown text is returned as it is."""
    if text in _EXACT:
        return _EXACT[text]
    for pattern, _, form in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            pieces = form.split("{}")
            return pieces[0] + "".join(nynorsk(value) + piece for value, piece in zip(match.groups(), pieces[1:]))
    return text


def forms_for(texts: list[str]) -> dict[str, str]:
    """The entries of the table that nynorsk() uses for `texts` (and PARTS, the values put into messages), exact
    texts first and then the templates in the order nynorsk() tries them: what the kommune form needs to put its
    messages into nynorsk by the same rule (generate/formspec.py, docs/assets/kommuneskjema.js)."""
    used: dict[str, str] = dict(PARTS)
    order = {nb: i for i, (_, nb, _) in enumerate(_PATTERNS)}

    def collect(text: str) -> None:
        if text in _EXACT:
            used[text] = _EXACT[text]
            return
        for pattern, nb, form in _PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                used[nb] = form
                for value in match.groups():
                    collect(value)
                return

    for text in texts:
        collect(text)
    return dict(sorted(used.items(), key=lambda item: ("{}" in item[0], order.get(item[0], -1))))


def in_nynorsk(problem: Problem) -> Problem:
    found = PARTS.get(problem.found, problem.found) if problem.found is not None else None
    return dataclasses.replace(problem, message=nynorsk(problem.message), fix=nynorsk(problem.fix), found=found,
                               lang="nn")


_FORM_LINE = re.compile(r"^målform:(.*)$", re.M)
_NYNORSK_FORM = re.compile(r"""[ \t]*(["']?)nynorsk\1[ \t]*(#.*)?""")


def is_nynorsk(path: Path) -> bool:
    """Whether the file's (first) `målform:` line says nynorsk, read from the text so that a file which does not
    parse still gets its messages in its målform. Anything else, or a file that cannot be read: bokmål."""
    try:
        with path.open("rb") as fh:
            text = fh.read(256 * 1024).decode("utf-8-sig", "replace")
    except OSError:
        return False
    first = _FORM_LINE.search(text)  # the loader keeps the first of a doubled field
    return first is not None and _NYNORSK_FORM.fullmatch(first.group(1)) is not None


def in_their_language(problems: list[Problem], paths: dict[str, Path]) -> list[Problem]:
    """`problems` with those of nynorsk files (`paths`: the file each display name stands for) in nynorsk."""
    nynorsk_files = {shown for shown in {p.file for p in problems} if shown in paths and is_nynorsk(paths[shown])}
    return [in_nynorsk(p) if p.file in nynorsk_files else p for p in problems]
