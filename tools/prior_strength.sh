#!/bin/sh
# Chooses the population prior's strength on dev, never on ood: for each
# strength, the mean over the three lengths of dev's macro accuracy (every
# language alike) and of its accuracy weighted by writers (text as the
# world writes it), and the mean of the two, which the default maximizes.
#   sh tools/prior_strength.sh GLOSSA_EVAL CORPUS [MODEL]
EVAL=${1:?usage: prior_strength.sh GLOSSA_EVAL CORPUS [MODEL]}
CORPUS=${2:?}
MODEL=${3:+--model $3}
printf '%-9s %12s %12s %8s\n' strength "dev macro" "by writers" mean
for s in 0 0.1 0.2 0.3 0.4 0.5 0.7 1; do
    # Rows "dev <input> <macro> % <micro> % <by writers> % <ECE> <inputs>".
    "$EVAL" --corpus "$CORPUS" $MODEL --sets dev --prior-strength "$s" 2>/dev/null | sed -n 2,4p |
        awk -v s="$s" '{ macro += $(NF - 7); writers += $(NF - 3) }
            END { printf "%-9s %12.2f %12.2f %8.2f\n", s, macro / 3, writers / 3, (macro + writers) / 6 }'
done
