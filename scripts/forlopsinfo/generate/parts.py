"""Shares of the generation work, so that generate() can use every CPU core at national scale.

The national files (hand-written and national pages, lists, indexes) belong to share 0; each kommune's files
(its pages in both målformer, snippets, open data, QR code) belong to one share, chosen by its number. Every
function that writes files takes a share and writes only what belongs to it; the shares together are exactly
the whole (tests/sitebuilder/test_build.py compares them with an unshared run).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    index: int = 0
    count: int = 1
    only: frozenset[str] | None = None  # a restricted (preview) build: only these kommuner's files

    @property
    def national(self) -> bool:
        return self.index == 0

    def takes(self, number: str) -> bool:
        if self.only is not None and number not in self.only:
            return False
        return self.count == 1 or int(number) % self.count == self.index


WHOLE = Part()
