#!/usr/bin/env bash
# Builds the libFuzzer harness of the TWS decoders (-sanitize=fuzzer,address) and, with `run`, fuzzes it.
# Usage: Fuzz/build.sh            # build .build-fuzz/tws-decoder-fuzz
#        Fuzz/build.sh run [N]    # build, then run N inputs (default 1,000,000) from the seed corpus
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-fuzz
mkdir -p "$out/corpus"
src=Sources/IBKR
files=(
    "$src"/TWSCodec/*.swift "$src/Contract.swift" "$src/ContractDetails.swift" "$src/Order.swift"
    "$src/Execution.swift" "$src/MarketData.swift" "$src/DepthUpdate.swift" "$src/Bars.swift" "$src/Account.swift"
    "$src/TWSError.swift" Fuzz/TWSDecoderFuzz.swift
)
swiftc -parse-as-library -module-name IBKRFuzz -sanitize=fuzzer,address -O -g "${files[@]}" \
    -o "$out/tws-decoder-fuzz"
echo "built $out/tws-decoder-fuzz"
# Seed corpus: well-formed frames of every message (written by the seed generator in the same sources).
cp Fuzz/corpus/* "$out/corpus/" 2>/dev/null || true
if [ "${1:-}" = "run" ]; then
    runs="${2:-1000000}"
    "$out/tws-decoder-fuzz" -runs="$runs" -max_len=4096 -timeout=10 -print_final_stats=1 "$out/corpus"
fi
