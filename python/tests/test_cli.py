"""The binding answers as the CLI does."""
import os
import subprocess

import glossa
from conftest import dev_lines


def test_detect_as_the_cli_on_every_dev_language(corpus, run_cli, tmp_path):
    names = sorted(f[: -len(".txt")] for f in os.listdir(os.path.join(corpus, "dev")) if f.endswith(".txt"))
    assert len(names) > 200
    texts = [line for name in names for line in dev_lines(corpus, name, 3)]
    path = tmp_path / "lines.txt"
    path.write_text("".join(t + "\n" for t in texts), encoding="utf-8")
    results = run_cli("--lines", "-k", "3", str(path))
    assert len(results) == len(texts)
    many = glossa.detect_many(texts, k=3, threads=2)
    assert len(many) == len(texts)
    for text, result, top_many in zip(texts, results, many):
        top = glossa.detect(text, k=3)
        expected = [(t["lang"], t["prob"]) for t in result["top"]]
        assert [(g.lang, round(g.prob, 4)) for g in top] == expected, text
        assert top[0].reliable == result["reliable"], text
        assert top_many == top and [g.reliable for g in top_many] == [g.reliable for g in top], text
    assert 0 < sum(result["reliable"] for result in results) < len(results)


def test_allowlist_as_the_cli(run_cli, tmp_path):
    text = "Šodien ir jauks laiks, tāpēc mēs brauksim uz pludmali."
    path = tmp_path / "lv.txt"
    path.write_text(text, encoding="utf-8")
    (result,) = run_cli("--only", "lt,et,sr", "-k", "3", str(path))
    top = glossa.detect(text, k=3, only=["lt", "et", "sr"])
    assert [(g.lang, round(g.prob, 4)) for g in top] == [(t["lang"], t["prob"]) for t in result["top"]]


def test_languages_as_the_cli(run_cli):
    listed = [(r["tag"], r["iso639_3"], r["name"], r["script"]) for r in run_cli("--list-languages")]
    assert [tuple(lang) for lang in glossa.languages()] == listed


def test_version_as_the_cli(cli):
    out = subprocess.run([cli, "--version"], check=True, capture_output=True, text=True).stdout
    assert out.split()[:2] == ["glossa", glossa.__version__]
