"""The site's layout: where every page and file of the site is, and at which address.

The one place that knows the URL scheme. Every other module asks here.
"""

from __future__ import annotations

import os

from forlopsinfo.load.register import Kommune
from forlopsinfo.project import Project

DEFAULT_SITE_URL = "https://forlopsinfo.github.io/forlopsinfo/"

# Generated files the site builder does not need to see: plain files served as they are (open data, embeddable
# snippets). The builder leaves them out and links them into the built site, so it neither scans nor copies
# 2,000 files / 18 MB at national scale. build/docs folder -> folder in site/.
STATIC_OUTPUTS = {"api": "api", "nb/innbygging": "innbygging", "nn/innbygging": "nn/innbygging"}


def site_url(project: Project) -> str:
    """The address the site is published at: FORLOPSINFO_SITE_URL, else the default."""
    url = os.environ.get("FORLOPSINFO_SITE_URL", "").strip() or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def page_url(base: str, lang: str, kommune: Kommune) -> str:
    return f"{base}{'' if lang == 'nb' else lang + '/'}kommune/{kommune.slug}/"


def page_urls(base: str, kommune: Kommune) -> dict[str, str]:
    return {lang: page_url(base, lang, kommune) for lang in ("nb", "nn")}
