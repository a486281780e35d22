"""The Dask recipe of README.md's Python section, run as written on a local cluster
of three worker processes, labels every record of JSON Lines shards as the
CLI does."""
import json
import random
import subprocess
import sys

import pytest

from conftest import dev_lines
from test_readme import code_blocks

pytest.importorskip("dask.bag", reason="Dask is not installed (Debian: python3-dask)")
pytest.importorskip("distributed", reason="Dask's distributed is not installed (Debian: python3-distributed)")

LANGUAGES = ["nld", "lav", "ell", "jpn", "rus", "fin", "deu", "kor", "tha", "zho_Hans", "ara", "eng"]
SHARDS = 4
WORKERS = 3


def cli_supports_jsonl(cli):
    usage = subprocess.run([cli, "--help"], capture_output=True, text=True).stdout
    return "--jsonl" in usage


def cli_labels(cli, shards, tmp_path):
    """(lang, lang_prob) of every record of the shards, in order, as the CLI
    gives them: by --jsonl when the CLI has it, else by --lines on the texts."""
    if cli_supports_jsonl(cli):
        command = [cli, "--jsonl", "--field", "text", *map(str, shards)]
        keys = ("lang", "lang_prob")
    else:
        texts = tmp_path / "texts.txt"
        with texts.open("w", encoding="utf-8") as out:
            for shard in shards:
                for line in shard.read_text(encoding="utf-8").splitlines():
                    text = json.loads(line)["text"]
                    assert "\n" not in text
                    out.write(text + "\n")
        command = [cli, "--lines", "--format", "json", str(texts)]
        keys = ("lang", "prob")
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return [tuple(json.loads(line)[key] for key in keys) for line in out.splitlines()]


def write_shards(corpus, directory):
    records = [
        {"id": f"{name}-{i}", "text": text, "meta": {"source": f"dev/{name}.txt", "line": i + 1}}
        for name in LANGUAGES
        for i, text in enumerate(dev_lines(corpus, name, 100))
    ]
    random.Random(5).shuffle(records)
    directory.mkdir()
    size = len(records) // SHARDS
    shards = []
    for n in range(SHARDS):
        shard = directory / f"shard-{n}.jsonl"
        with shard.open("w", encoding="utf-8") as out:
            for record in records[n * size : (n + 1) * size]:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        shards.append(shard)
    return shards, records


def test_dask_recipe_labels_as_the_cli(corpus, cli, tmp_path):
    (recipe,) = code_blocks("python")
    script = tmp_path / "label_shards.py"
    script.write_text(recipe, encoding="utf-8")
    shards, records = write_shards(corpus, tmp_path / "shards")
    assert len(records) == 1200

    subprocess.run(
        [sys.executable, str(script), str(tmp_path / "shards" / "*.jsonl"), str(tmp_path / "labelled"), str(WORKERS)],
        check=True,
        cwd=tmp_path,
        timeout=240,
    )

    outputs = sorted((tmp_path / "labelled").glob("*.jsonl"))
    assert [p.name for p in outputs] == [f"{n:05d}.jsonl" for n in range(SHARDS)]
    labelled = [json.loads(line) for p in outputs for line in p.read_text(encoding="utf-8").splitlines()]
    assert len(labelled) == len(records)
    expected = cli_labels(cli, shards, tmp_path)
    assert len(expected) == len(records)
    for record, output, (lang, prob) in zip(records, labelled, expected):
        assert {k: v for k, v in output.items() if k not in ("lang", "lang_prob")} == record
        assert (output["lang"], output["lang_prob"]) == (lang, prob), record["text"]
    assert len({output["lang"] for output in labelled}) >= len(LANGUAGES) - 1
