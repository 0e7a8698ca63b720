"""Who publishes the site ([tool.forlopsinfo.publisher] in pyproject.toml): named in the header and footer of every
page, with an e-mail error report on kommune pages for readers without a GitHub account. While the shipped
placeholder stands, the footer says so and no page offers e-mail to the example address."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from conftest import copy_project, run_cli

PUBLISHER = '''[tool.forlopsinfo.publisher]
name = "Testkommunenes IKT <Vest>"
email = "post@utgiver.test"
url = "https://utgiver.test/"
placeholder = false
'''


def test_the_shipped_placeholder_offers_no_mail_and_says_it_is_not_set(built: Path) -> None:
    pages = list((built / "site").rglob("index.html"))
    assert not [p for p in pages if "forlopsinfo.example" in p.read_text("utf-8")]
    front = (built / "site" / "index.html").read_text("utf-8")
    assert "Utgiveren av nettstedet er ikke satt ennå." in front
    assert "ikkje sett enno" in (built / "site" / "nn" / "index.html").read_text("utf-8")


def test_a_real_publisher_is_named_and_reachable(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "published")
    settings = root / "pyproject.toml"
    text = settings.read_text("utf-8")
    start = text.index("[tool.forlopsinfo.publisher]")
    settings.write_text(text[:start] + PUBLISHER, "utf-8")
    result = run_cli(root, "build", "--kommune", "3305")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "site" / "kommune" / "3305-ringerike" / "index.html").read_text("utf-8")
    # escaped wherever it stands: the name is data from a settings file
    assert "Testkommunenes IKT &lt;Vest&gt;" in page and "<Vest>" not in page
    assert page.count("Testkommunenes IKT") >= 2  # header and footer
    assert 'href="mailto:post@utgiver.test"' in page
    report = page.split('href="mailto:post@utgiver.test?', 1)[1].split('"', 1)[0]
    assert "Feil på siden om Ringerike" in unquote(report)
    assert "kommune/3305-ringerike/" in unquote(report)  # the page is filled in
    assert "Foreslå endring på GitHub" in page  # the GitHub route stays for those who have it
