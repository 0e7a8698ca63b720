"""The whole pipeline through the real CLI, as CI and editors run it: validate -> generate -> mkdocs build."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import copy_project, run_cli

HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def kommune_pages(site: Path, lang: str) -> list[Path]:
    base = site / "kommune" if lang == "nb" else site / "nn" / "kommune"
    return sorted(base.glob("*/index.html"))


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_357_kommune_pages_with_the_right_lang(built: Path, lang: str) -> None:
    pages = kommune_pages(built / "site", lang)
    assert len(pages) == 357
    langs = {HTML_LANG.search(p.read_text("utf-8")).group(1) for p in pages}
    assert langs == {lang}


def test_every_page_has_a_norwegian_lang(built: Path) -> None:
    for page in (built / "site").rglob("*.html"):
        rel = page.relative_to(built / "site").as_posix()
        if rel == "404.html":  # one page for both languages: each part carries its own lang
            html = page.read_text("utf-8")
            assert '<section lang="nb" ' in html and '<section lang="nn" ' in html and "Not found" not in html
            assert HTML_LANG.search(html).group(1) == "nb"  # the root language, whichever build wrote it last
            continue
        expected = "nn" if rel.startswith("nn/") else "nb"
        assert HTML_LANG.search(page.read_text("utf-8")).group(1) == expected, rel


def test_language_switcher_leads_to_the_same_page(built: Path) -> None:
    page = (built / "site" / "kommune" / "3305-ringerike" / "index.html").read_text("utf-8")
    assert 'href="../../nn/kommune/3305-ringerike/" hreflang="nn"' in page


def test_relative_links_resolve(built: Path) -> None:
    """Every relative href on the index, fylke and published kommune pages points at a file in site/
    (this covers the plain links into the other language, which the builder cannot check)."""
    site = built / "site"
    checked = 0
    pages = [site / "index.html", site / "nn" / "index.html", *site.glob("fylke/*/index.html"),
             *site.glob("nn/fylke/*/index.html"), site / "kommune" / "1577-volda" / "index.html"]
    for page in pages:
        base = "http://x/" + page.relative_to(site).as_posix()
        for href in re.findall(r'href="([^"#]+)[^"]*"', page.read_text("utf-8")):
            if re.match(r"[a-z]+:", href):
                continue
            path = urlsplit(urljoin(base, href)).path.lstrip("/")
            target = site / path
            assert (target / "index.html").is_file() or target.is_file(), f"{page}: {href}"
            checked += 1
    assert checked > 700


def test_no_third_party_assets(built: Path) -> None:
    for page in [built / "site" / "index.html", built / "site" / "nn" / "kommune" / "1577-volda" / "index.html"]:
        html = page.read_text("utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
                assert not re.match(r"(https?:)?//", url) or 'rel="alternate"' in tag or 'rel="canonical"' in tag, tag


def test_second_generate_writes_nothing(built: Path) -> None:
    result = run_cli(built, "generate")
    assert result.returncode == 0
    assert "(0 endret, 0 fjernet)" in result.stdout


def waiting_builders(root: Path) -> list[str]:
    """Command lines of LanguageBuilder processes (build.py --wait-for-work) of the project at `root` still running."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--wait-for-work" in args and str(root / "build" / "mkdocs.yml").encode() in args:
            found.append(" ".join(a.decode(errors="replace") for a in args))
    return found


def test_unused_site_builder_quits(built: Path) -> None:
    from forlopsinfo.project import Project
    from forlopsinfo.sitebuilder.build import LanguageBuilder

    with LanguageBuilder(Project.load(built)) as builder:
        assert builder.proc.poll() is None
    assert builder.proc.returncode == 0
    assert waiting_builders(built) == []


def test_broken_file_fails_with_norwegian_message_and_leaves_site_alone(project: Path) -> None:
    site_index = project / "site" / "index.html"  # the last good site (the build stops before it is touched)
    site_index.parent.mkdir()
    site_index.write_bytes(b"<!doctype html><title>forrige</title>")
    before = site_index.stat().st_mtime_ns, site_index.read_bytes()
    path = project / "municipalities" / "3305-ringerike.yaml"
    path.write_text(path.read_text("utf-8").replace('telefon: "32 00 00 01"', "telefon: 32000001"), "utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 1
    assert (
        "municipalities/3305-ringerike.yaml:18:12: koordinerende_enhet.telefon: Verdien skal være tekst. "
        '(fant: «32000001») — Sett verdien i anførselstegn: "32000001".'
    ) in result.stderr
    assert "1 feil i 1 fil. Rett feilene over og prøv igjen. Ingenting ble publisert." in result.stderr
    assert (site_index.stat().st_mtime_ns, site_index.read_bytes()) == before
    assert waiting_builders(project) == []  # the site builder started early was told there is no work, and quit


def test_failed_site_build_keeps_the_last_good_site(project: Path) -> None:
    """Restricted builds of a copy (the national and hand-written pages are all built): the shared site stays as
    it is for the other tests."""
    assert run_cli(project, "build", "--kommune", "3305").returncode == 0
    before = {p: p.read_bytes() for p in sorted((project / "site").rglob("*")) if p.is_file()}
    page = project / "docs" / "nb" / "om-nettstedet.md"
    page.write_text(page.read_text("utf-8") + "\n[brutt lenke](finnes-ikke.md)\n", "utf-8")
    result = run_cli(project, "build", "--kommune", "3305")
    assert result.returncode == 1
    assert "site/ er ikke endret" in result.stderr
    assert "finnes-ikke.md" in result.stderr  # the language build's own message comes through the fork
    assert {p: p.read_bytes() for p in sorted((project / "site").rglob("*")) if p.is_file()} == before
    assert not list(project.glob(".site-*")) and not list(project.glob(".logs-*"))
    assert waiting_builders(project) == []


def test_every_speed_lever_gives_the_bytes_of_the_plain_build(built: Path, tmp_path: Path) -> None:
    """The plain build (FORLOPSINFO_PLAIN_BUILD=1, sitebuilder/levers.py): one `mkdocs build` with mkdocs-static-i18n
    building the languages one after the other, every page converted and rendered in full, no mdtrim, the builder
    loaded late. The standard build (parallel languages merged, shared HTML, theme parts, mdtrim, the early builder)
    must be byte for byte the same site, and no marker may reach a page. Only the 404 page differs: the serial
    build left its language switcher pointing at the last kommune page built."""
    from conftest import HOSTILE_FIXTURE, SAMI_FIXTURE, write_enterprise_register

    docs = built / "build" / "docs"
    marked = [p for p in (docs / "nb" / "kommune").glob("*.md") if "<!-- felles -->" in p.read_text("utf-8")]
    assert len(marked) == 357
    other = copy_project(tmp_path / "plain")
    (other / "municipalities" / "5612-kautokeino.yaml").write_text(SAMI_FIXTURE, "utf-8")
    (other / "municipalities" / "1101-eigersund.yaml").write_text(HOSTILE_FIXTURE, "utf-8")
    write_enterprise_register(other)
    result = run_cli(other, "build", env={"FORLOPSINFO_PLAIN_BUILD": "1"})
    assert result.returncode == 0, result.stderr

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    standard, plain = tree(built / "site"), tree(other / "site")
    assert standard.keys() == plain.keys()
    assert [name for name in standard if standard[name] != plain[name]] == ["404.html"]
    page_404 = standard["404.html"].decode("utf-8")
    assert "/kommune/" not in page_404 and '<section lang="nn" ' in page_404
    assert [name for name in standard if name.endswith(".html") and b"<!-- felles" in standard[name]] == []


def test_trimmed_markdown_gives_the_same_html_on_generated_pages(built: Path) -> None:
    """forlopsinfo.sitebuilder.mdtrim switches off inline syntax on generated kommune and fylke pages, for speed. That is only
    allowed while the generator never writes that syntax: every such page must render the same both ways.
    If this fails, a template started using one of UNUSED_ON_GENERATED_PAGES: take it off that list."""
    import markdown

    from forlopsinfo.sitebuilder.mdtrim import is_generated_list_or_kommune_page

    docs = built / "build" / "docs"
    pages = [p for p in sorted(docs.rglob("*.md")) if is_generated_list_or_kommune_page(p.relative_to(docs).as_posix())]
    assert len(pages) > 700
    extensions = ["toc", "attr_list", "md_in_html", "admonition"]
    # one converter of each kind, reset between pages (a quarter of the time of a new one per page)
    plain = markdown.Markdown(extensions=extensions)
    trim = markdown.Markdown(extensions=[*extensions, "forlopsinfo.sitebuilder.mdtrim"],
                             extension_configs={"forlopsinfo.sitebuilder.mdtrim": {"trim": True}})
    for page in pages:
        text = page.read_text("utf-8").split("---\n", 2)[2]
        assert trim.reset().convert(text) == plain.reset().convert(text), page


def test_generation_shared_between_processes_gives_the_same_files(built: Path, tmp_path: Path) -> None:
    """generate() shares the work between processes (parts.py); together the shares must be exactly the files one
    unshared run writes, and every kommune must belong to exactly one share."""
    from forlopsinfo.generate import writer as gen
    from forlopsinfo.generate.texts import texts_of
    from forlopsinfo.validate.dataset import load_dataset
    from forlopsinfo.generate.parts import Part
    from forlopsinfo.project import Project

    project = Project.load(built)
    dataset, problems = load_dataset(project.municipalities, built)
    assert problems == []
    texts = texts_of(project)
    whole = gen.part_files(dataset, project, texts, None)
    assert len(dataset.register.kommuner) >= gen.PARALLEL_FROM  # so all_files below does use worker processes
    shared = gen.all_files(dataset, project, texts)
    assert shared.keys() == whole.keys() and [k for k in whole if whole[k] != shared[k]] == []
    # generate() makes and writes the shares in the workers: the folder it writes holds exactly the same files
    out = tmp_path / "docs"
    (out / "stale" / "old.md").parent.mkdir(parents=True)
    (out / "stale" / "old.md").write_text("fjernes", "utf-8")
    stats = gen.generate(dataset, project, out)
    index = {"nb/sok.json", "nn/sok.json"}  # the search index, made from the written pages (searchindex.py)
    assert stats.written == len(whole) + len(index) and stats.removed == 1 and not (out / "stale").exists()
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {k: v for k, v in written.items() if k not in index} == whole and set(written) - set(whole) == index
    assert gen.generate(dataset, project, out).written == 0
    parts = [Part(i, 3) for i in range(3)]
    shares = [gen.part_files(dataset, project, texts, None, part) for part in parts]
    assert sum(len(s) for s in shares) == len(whole)  # no file is written by two shares
    assert all(sum(p.takes(k.number) for p in parts) == 1 for k in dataset.register.kommuner)


def test_files_left_out_of_the_site_builder_are_in_the_site(built: Path) -> None:
    """Open data and snippet pages are excluded from MkDocs (`exclude_docs` in build/mkdocs.yml) and linked into site/
    by build.py: both come from layout.Layout.static_outputs, and every such generated file must be in the site with
    the generated content."""
    import yaml

    from forlopsinfo.layout import Layout
    from forlopsinfo.project import Project

    static_outputs = Layout.of(Project.load(built)).static_outputs
    config = yaml.safe_load((built / "build" / "mkdocs.yml").read_text("utf-8"))
    assert sorted(config["exclude_docs"].split()) == sorted(f"/{folder}/" for folder in static_outputs)
    docs, site = built / "build" / "docs", built / "site"
    checked = 0
    for source, target in static_outputs.items():
        for path in (docs / source).rglob("*.*"):
            built_file = site / target / path.relative_to(docs / source)
            assert built_file.read_bytes() == path.read_bytes(), built_file
            checked += 1
    assert checked > 20


def test_static_outputs_are_copied_when_hard_links_are_not_possible(tmp_path: Path, monkeypatch) -> None:
    """site/ on another file system than build/ (a mounted folder, --site-dir elsewhere): os.link fails with
    EXDEV, and the files are copied instead. A file the site builder already wrote is never overwritten."""
    import errno
    import os

    import pytest

    from forlopsinfo.sitebuilder import build

    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "api" / "kommuner").mkdir(parents=True)
    (docs / "api" / "kommuner" / "3305.json").write_text("{}", "utf-8")
    (docs / "nn" / "innbygging").mkdir(parents=True)
    (docs / "nn" / "innbygging" / "3305-ringerike.html").write_text("<p>x</p>", "utf-8")
    site.mkdir()

    def cross_device(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    outputs = {"api": "api", "nn/innbygging": "nn/innbygging"}
    assert build.link_static_outputs(docs, site, outputs) == 2
    assert (site / "api" / "kommuner" / "3305.json").read_text("utf-8") == "{}"
    copied = site / "nn" / "innbygging" / "3305-ringerike.html"
    assert copied.read_text("utf-8") == "<p>x</p>" and copied.stat().st_ino != (docs / "nn" / "innbygging" / "3305-ringerike.html").stat().st_ino
    with pytest.raises(FileExistsError):
        build.link_static_outputs(docs, site, outputs)
