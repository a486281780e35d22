#!/bin/sh
# The trainer end to end: sh tools/train_test.sh GLOSSA_TRAIN GLOSSA CORPUS
# Trains a small model on three languages twice (it must be byte-identical:
# training is deterministic for a seed), then detects with it through the CLI.
TRAIN=${1:?}; G=${2:?}; CORPUS=${3:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0
check() {
    desc=$1; shift
    if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); echo "ok - $desc"
    else failed=$((failed + 1)); echo "not ok - $desc"; fi
}
small() { "$TRAIN" --corpus "$CORPUS" --out "$1" --languages nld,eng,rus --epochs 2 --epoch-bytes 100000 --bucket-bits 14 --dim 16; }
check "trains a three-language model" small "$T/a.model"
check "training is deterministic" sh -c "$(command -v "$TRAIN" || echo "$TRAIN") --corpus '$CORPUS' --out '$T/b.model' --languages nld,eng,rus --epochs 2 --epoch-bytes 100000 --bucket-bits 14 --dim 16 && cmp '$T/a.model' '$T/b.model'"
check "the model lists its three languages" sh -c "[ \$('$G' --model '$T/a.model' --list-languages | wc -l) -eq 3 ]"
answers() {
    printf 'Het is vandaag mooi weer, dus we gaan fietsen.\nThe weather is lovely today, so we go cycling.\nСегодня хорошая погода, мы поедем кататься.\n' |
        "$G" --model "$T/a.model" --lines | cut -d' ' -f1 | tr '\n' ,
}
check "the small model answers nl, en, ru" [ "$(answers)" = "nl,en,ru," ]
check "the corpus digest is recorded" sh -c "'$G' --model '$T/a.model' --version | grep -qE 'corpus [0-9a-f]{32}'"
check "a missing corpus is an error" sh -c "! '$TRAIN' --corpus '$T/none' --out '$T/c.model'"
echo "train: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
