#!/usr/bin/env python3
"""Where the WASM's bytes go, by crate: reads `twiggy top --format csv` of the unstripped
front-end module (before wasm-bindgen and wasm-opt, which keep the proportions but drop
the names) and sums each function's and data segment's own size by the crate its name
starts with. Usage: twiggy top -n 1000000 --format csv FILE.wasm | wasm-crates.py"""
import csv
import re
import sys
from collections import Counter

NOT_CODE = ("function names", "custom section", "producers", "name section")
crate = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::")

sizes, other, total = Counter(), Counter(), 0
for row in csv.DictReader(sys.stdin):
    name, size = row["Name"], int(row["ShallowSize"] or 0)
    if name.startswith("Σ") or name.startswith("... and"):
        continue
    if any(k in name for k in NOT_CODE):
        other[name] += size
        continue
    if "__wbindgen_describe" in name:
        # Type descriptors that wasm-bindgen reads, then removes from the shipped module.
        other["wasm-bindgen descriptors"] += size
        continue
    total += size
    m = crate.search(name)
    if m:
        sizes[m.group(1)] += size
    elif name.startswith(("__wbg", "__wbindgen", "__externref")):
        sizes["wasm_bindgen"] += size
    elif name.startswith("data segment"):
        sizes["(data: strings, tables)"] += size
    else:
        sizes["(unnamed: glue, tables)"] += size

print(f"{'crate':<28} {'bytes':>10} {'share':>7}")
for name, size in sizes.most_common(18):
    print(f"{name:<28} {size:>10} {100 * size / total:>6.1f}%")
rest = total - sum(s for _, s in sizes.most_common(18))
print(f"{'(the other crates)':<28} {rest:>10} {100 * rest / total:>6.1f}%")
print(f"{'code and data':<28} {total:>10}")
