"""Every message a user can meet is listed in docs/errors.md (cause and fix included)."""

import ast

import pytest

from tests.conftest import ROOT

ERRORS = {
    "InputError",
    "ValueError",
    "MissingSpecError",
    "UnknownAcceleratorError",
    "ComputescaleError",
    "ArgumentTypeError",
    "ArgumentError",
    "FieldError",
}


def _template(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp):
        return _template(node.left) + _template(node.right)
    return "{}"


def messages() -> list[tuple[str, str]]:
    """(where, longest literal part) of every error raised with a literal message."""
    found = []
    for path in sorted((ROOT / "computescale").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in ERRORS or not node.exc.args:
                continue
            parts = [p.strip(" ;:.,()'") for p in _template(node.exc.args[0]).split("{}")]
            longest = max(parts, key=len)
            if len(longest) >= 6:
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", longest))
    return found


CATALOGUE = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")


def test_the_scan_finds_the_messages():
    assert len(messages()) > 50


@pytest.mark.parametrize(("where", "text"), messages())
def test_message_is_in_the_error_catalogue(where, text):
    assert text in CATALOGUE, f"{where}: add {text!r} to docs/errors.md with its cause and fix"
