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
small() { out=$1; shift; "$TRAIN" --corpus "$CORPUS" --out "$out" --languages nld,eng,rus --epochs 2 --epoch-bytes 100000 --bucket-bits 14 --dim 16 "$@"; }
check "trains a three-language model" small "$T/a.model"
check "training is deterministic" sh -c "$(command -v "$TRAIN" || echo "$TRAIN") --corpus '$CORPUS' --out '$T/b.model' --languages nld,eng,rus --epochs 2 --epoch-bytes 100000 --bucket-bits 14 --dim 16 && cmp '$T/a.model' '$T/b.model'"
check "the model lists its three languages" sh -c "[ \$('$G' --model '$T/a.model' --list-languages | wc -l) -eq 3 ]"
answers() {
    printf 'Het is vandaag mooi weer, dus we gaan fietsen.\nThe weather is lovely today, so we go cycling.\nСегодня хорошая погода, мы поедем кататься.\n' |
        "$G" --model "$T/a.model" --lines | cut -d' ' -f1 | tr '\n' ,
}
check "the small model answers nl, en, ru" [ "$(answers)" = "nl,en,ru," ]
check "the corpus digest is recorded" sh -c "'$G' --model '$T/a.model' --version | grep -qE 'corpus [0-9a-f]{32}'"
# Close languages get a refiner of their own; --base keeps a model and
# trains its refiners again, to the same bytes as the whole run.
close() { "$TRAIN" --corpus "$CORPUS" --languages hrv,srp_Latn,bos_Latn,eng --epochs 2 --epoch-bytes 100000 --bucket-bits 14 --dim 16 "$@"; }
close --out "$T/close.model" 2>"$T/close.log"
check "Croatian, Serbian and Bosnian make a close group, English none" grep -qx "close group 1: bs-Latn hr sr-Latn" "$T/close.log"
check "the close group is the only one" sh -c "[ \$(grep -c '^close group' '$T/close.log') -eq 1 ]"
close --out "$T/again.model" --base "$T/close.model" 2>/dev/null
check "--base trains the same refiners again" cmp "$T/close.model" "$T/again.model"
check "--base refuses a model of other languages" sh -c "! '$TRAIN' --corpus '$CORPUS' --languages hrv,eng --out '$T/x.model' --base '$T/close.model'"
check "--refiners 0 writes none, a smaller model" sh -c "'$TRAIN' --corpus '$CORPUS' --languages hrv,srp_Latn,bos_Latn,eng --epochs 2 --epoch-bytes 100000 --bucket-bits 14 --dim 16 --refiners 0 --out '$T/plain.model' 2>/dev/null && [ \$(wc -c <'$T/plain.model') -lt \$(wc -c <'$T/close.model') ]"
# --refiners 0 with --base keeps the refiners; --temperature rewrites
# nothing but the temperature (and the checksum), and keeps the answers.
close --out "$T/kept.model" --base "$T/close.model" --refiners 0 2>/dev/null
check "--base with --refiners 0 keeps the model as it was" cmp "$T/close.model" "$T/kept.model"
close --out "$T/soft.model" --base "$T/close.model" --refiners 0 --temperature 1.5 2>/dev/null
check "--temperature changes only the temperature and the checksum" sh -c "cmp -l '$T/close.model' '$T/soft.model' | awk '\$1 < 25 || (\$1 > 32 && \$1 < 61) || \$1 > 64 { bad = 1 } END { exit bad }' && ! cmp -s '$T/close.model' '$T/soft.model'"
tags() { printf 'Tjedan dana kasnije, tisuću ljudi okupilo se na trgu.\nThe weather is lovely today.\nNedelju dana kasnije\n' | "$G" --model "$1" --lines --format tag 2>/dev/null | tr '\n' ,; }
check "a higher temperature keeps the answers" [ "$(tags "$T/close.model")" = "$(tags "$T/soft.model")" ]
# --unseen-sources keeps a train file of each language out of training
# (marked in the manifest and the digest) and fits the temperature on it.
small "$T/unseen.model" --unseen-sources 1 --manifest "$T/unseen.tsv" 2>"$T/unseen.log"
check "--unseen-sources fits a temperature on files it did not train on" grep -qE "^temperature on [1-9][0-9]* texts of unseen train files: [0-9.]+" "$T/unseen.log"
check "the manifest marks one unseen file of each language" sh -c "[ \$(grep -c '^(unseen) sources/' '$T/unseen.tsv') -eq 3 ]"
check "a model trained without them is of another corpus" sh -c "! '$TRAIN' --corpus '$CORPUS' --languages nld,eng,rus --bucket-bits 14 --dim 16 --out '$T/x.model' --base '$T/unseen.model'"
check "a missing corpus is an error" sh -c "! '$TRAIN' --corpus '$T/none' --out '$T/c.model'"
echo "train: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
