"""Regenerate the generated docs pages: catalogue.md and assumptions.md."""

from pathlib import Path

from computescale.catalogue import list_accelerators
from computescale.report import assumptions_markdown, catalogue_markdown

if __name__ == "__main__":
    here = Path(__file__).parent
    for name, text in (
        ("catalogue.md", catalogue_markdown(list_accelerators())),
        ("assumptions.md", assumptions_markdown()),
    ):
        (here / name).write_text(text, encoding="utf-8")
        print(f"wrote {here / name}")
