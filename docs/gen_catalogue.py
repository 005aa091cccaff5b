"""Regenerate the generated docs pages and the packaged catalogue's compiled form.

Pages: catalogue.md, assumptions.md, presets.md, observed.md; the compiled catalogue:
computescale/catalogue/data/compiled.json.
"""

from pathlib import Path

from computescale.catalogue import list_accelerators
from computescale.catalogue.store import COMPILED, compiled_catalogue
from computescale.cluster import load_cluster
from computescale.report import assumptions_markdown, catalogue_markdown
from computescale.report.observed import observed_markdown
from computescale.report.presets import presets_markdown

EXAMPLES = ("colossus1-2024-09.yaml", "colossus1-2025-02.yaml", "colossus1.yaml", "colossus2.yaml")
"""The clusters docs/presets.md compares the presets on."""


def pages(root: Path) -> dict[str, str]:
    """Return every generated page by file name."""
    clusters = [(name, load_cluster(root / "examples" / name)) for name in EXAMPLES]
    return {
        "catalogue.md": catalogue_markdown(list_accelerators()),
        "assumptions.md": assumptions_markdown(),
        "presets.md": presets_markdown(clusters),
        "observed.md": observed_markdown(),
    }


if __name__ == "__main__":
    here = Path(__file__).parent
    for name, text in pages(here.parent).items():
        (here / name).write_text(text, encoding="utf-8")
        print(f"wrote {here / name}")
    compiled = here.parent / "computescale" / "catalogue" / "data" / COMPILED
    compiled.write_text(compiled_catalogue(), encoding="utf-8")
    print(f"wrote {compiled}")
