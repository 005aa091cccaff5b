"""Regenerate docs/catalogue.md from the packaged catalogue data."""

from pathlib import Path

from computescale.catalogue import list_accelerators
from computescale.report import catalogue_markdown

if __name__ == "__main__":
    target = Path(__file__).with_name("catalogue.md")
    target.write_text(catalogue_markdown(list_accelerators()), encoding="utf-8")
    print(f"wrote {target}")
