import os

import pytest

from computescale.cluster import load_cluster
from computescale.documents import load_document
from computescale.errors import InputError


def test_alias_bomb_is_refused(write):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 10) + "]")
    path = write("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="alias/anchor bomb"):
        load_document(path)


def test_deep_nesting_is_refused(write):
    path = write("a: " + "[" * 200 + "]" * 200 + "\n")
    with pytest.raises(InputError, match="nested deeper"):
        load_document(path)


def test_python_tags_are_refused(write):
    path = write('name: !!python/object/apply:os.system ["echo hi"]\n')
    with pytest.raises(InputError, match="not allowed"):
        load_document(path)
    path = write("name: !!python/name:os.system\n")
    with pytest.raises(InputError, match=r":1: tag .* is not allowed"):
        load_document(path)


def test_duplicate_keys_are_refused(write):
    path = write("name: a\nfleets: []\nname: b\n")
    with pytest.raises(InputError, match=r":3: \(top level\): key 'name' appears twice"):
        load_document(path)


def test_non_utf8_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"name: ok\nfleets: \xff\n")
    with pytest.raises(InputError, match=r"bad.yaml:2: byte 0xff is not valid UTF-8"):
        load_document(path)


def test_directory_and_fifo_are_refused(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        load_document(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        load_document(fifo)


def test_huge_file_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (5 * 1024 * 1024))
    with pytest.raises(InputError, match="over the limit"):
        load_document(path)


def test_top_level_must_be_a_mapping(write):
    with pytest.raises(InputError, match="must be a mapping"):
        load_cluster(write("- 1\n- 2\n"))


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",  # crashed libyaml's composer before
        "a: " + "{x: " * 50_000 + "1" + "}" * 50_000 + "\n",
        "\n".join(["a:"] + [" " * i + "b:" for i in range(1, 200)]) + "\n",
    ],
)
def test_very_deep_nesting_is_refused_without_recursion(write, text):
    with pytest.raises(InputError, match="nested deeper than 64 levels"):
        load_document(write(text))


def test_very_long_line_is_refused_by_its_field(write):
    with pytest.raises(InputError, match="name: String should have at most 200 characters"):
        load_cluster(write("name: " + "x" * 3_000_000 + "\nfleets: []\n"))
