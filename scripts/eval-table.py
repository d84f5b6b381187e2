#!/usr/bin/env python3
"""`make eval`: retrieval quality on every BEIR collection in ../shared/datasets, in and out of sample.

Every constant of retrieval that is chosen from data is chosen here, from a small grid, by the mean
nDCG@10 over the collections:
  - lexical: the BM25 weight of the title column (the body weighs 1) and the weight of the document side
    (the passage's document's BM25 added to the passage's), bounded at 2 because passage QA on long
    documents (postgres-qa) loses answers above it; the heading weight is not measured here (BEIR documents
    have no headings);
  - hybrid:  the weight of the vector side in score fusion.
"in" is the setting that is best over all collections (the collection scored included, which is how the
shipped default was chosen); "out" is the setting that is best over the *other* collections
(leave-one-collection-out), scored on the held-out one. Only "out" is a result. BM25's k1 1.2 / b 0.75, its
IDF, RRF's k 60 and the semantic side have no fitted constant (one run each). The reference rows of
BASELINES.md are printed beside them.

Usage: eval-table.py FOOTNOTE_BIN SHARED_DIR [--collections a,b] [--json OUT]
"""
import argparse, json, os, re, subprocess, sys

COLLECTIONS = ["scifact", "cranfield", "medline", "npl", "lisa", "time", "adi", "xquad-dev"]
LEXICAL_GRID = [(t, d) for t in (1.0, 2.0, 3.0) for d in (0.0, 1.0, 2.0)]
FUSION_GRID = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]
SHIPPED = {"lexical": (2.0, 2.0), "hybrid": 0.65}


def run(binary, dataset, mode, extra):
    out = subprocess.run([binary, "eval", dataset, "--mode", mode, "--json", *extra],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["nDCG@10"]


def baselines(path):
    """{collection: {row label: nDCG@10}} from BASELINES.md."""
    table, current = {}, None
    for line in open(path, encoding="utf-8"):
        heading = re.match(r"## (\S+) — ", line)
        if heading:
            current = table.setdefault(heading.group(1), {})
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if current is None or len(cells) < 2 or not re.match(r"\**\d\.\d+", cells[1]):
            continue
        label, score = cells[0], float(cells[1].strip("*"))
        if label.startswith("BM25 (bm25s, k1=1.2"):
            current["bm25s"] = score
        elif label.startswith("BM25 (Python sqlite3 FTS5"):
            current["fts5"] = score
        elif label.startswith("Dense"):
            current["minilm"] = score
        elif label.startswith("RRF"):
            current["rrf"] = max(score, current.get("rrf", 0))
    return table


def choose(scores, held_out, names):
    """The grid setting with the best mean nDCG@10 over `names` minus `held_out` (None: all of them)."""
    pool = [n for n in names if n != held_out]
    return max(scores, key=lambda setting: sum(scores[setting][n] for n in pool) / len(pool))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("shared")
    parser.add_argument("--collections", default=",".join(COLLECTIONS))
    parser.add_argument("--json")
    args = parser.parse_args()
    names = [n for n in args.collections.split(",") if os.path.isdir(os.path.join(args.shared, "datasets", n))]
    for missing in sorted(set(args.collections.split(",")) - set(names)):
        print(f"skipped {missing}: {args.shared}/datasets/{missing} not found")
    if len(names) < 2:
        sys.exit("eval: fewer than two collections found; leave-one-out needs at least two")
    reference = baselines(os.path.join(args.shared, "datasets", "BASELINES.md"))

    lexical, hybrid, semantic = {}, {}, {}
    for name in names:
        dataset = os.path.join(args.shared, "datasets", name)
        print(f"== {name}", file=sys.stderr, flush=True)
        for title, document in LEXICAL_GRID:
            lexical.setdefault((title, document), {})[name] = run(
                args.binary, dataset, "lexical", ["--title-weight", str(title), "--document-weight", str(document)])
        semantic[name] = run(args.binary, dataset, "semantic", [])
        for weight in FUSION_GRID:
            hybrid.setdefault(weight, {})[name] = run(args.binary, dataset, "hybrid", ["--semantic-weight", str(weight)])
        hybrid.setdefault("rrf", {})[name] = run(args.binary, dataset, "hybrid", ["--fusion", "rrf"])

    rows = []
    for name in names:
        ref = reference.get(name, {})
        lexical_in, lexical_out = choose(lexical, None, names), choose(lexical, name, names)
        fitted = {k: v for k, v in hybrid.items() if k != "rrf"}
        hybrid_in, hybrid_out = choose(fitted, None, names), choose(fitted, name, names)
        rows.append({
            "collection": name,
            "lexical_shipped": lexical[SHIPPED["lexical"]][name],
            "lexical_in": lexical[lexical_in][name], "lexical_out": lexical[lexical_out][name],
            "lexical_out_setting": "title %g document %g" % lexical_out,
            "semantic": semantic[name],
            "hybrid_shipped": hybrid[SHIPPED["hybrid"]][name],
            "hybrid_in": hybrid[hybrid_in][name], "hybrid_out": hybrid[hybrid_out][name],
            "hybrid_out_setting": "semantic weight %g" % hybrid_out,
            "hybrid_rrf": hybrid["rrf"][name],
            "bm25s": ref.get("bm25s"), "fts5": ref.get("fts5"), "minilm": ref.get("minilm"), "best_rrf": ref.get("rrf"),
        })

    def cell(value):
        return "—" if value is None else "%.4f" % value

    print("nDCG@10; lexical and hybrid: in = setting fitted on all collections, out = fitted leaving this one out (the result).")
    print("Lexical target: out ≥ bm25s − 0.005 and ≥ FTS5. Hybrid target: out ≥ best RRF. Semantic has no fitted constant.")
    print()
    print("| collection | lexical in | lexical out | bm25s 1.2/0.75 | FTS5 | semantic | MiniLM | hybrid in | hybrid out | Footnote RRF | best RRF |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        lex_ok = r["bm25s"] is None or (r["lexical_out"] >= r["bm25s"] - 0.005 and r["lexical_out"] >= (r["fts5"] or 0))
        hyb_ok = r["best_rrf"] is None or r["hybrid_out"] >= r["best_rrf"]
        print("| %s | %s | %s%s | %s | %s | %s | %s | %s | %s%s | %s | %s |" % (
            r["collection"], cell(r["lexical_in"]), cell(r["lexical_out"]), "" if lex_ok else " ✗", cell(r["bm25s"]),
            cell(r["fts5"]), cell(r["semantic"]), cell(r["minilm"]), cell(r["hybrid_in"]), cell(r["hybrid_out"]),
            "" if hyb_ok else " ✗", cell(r["hybrid_rrf"]), cell(r["best_rrf"])))
    print()
    print("Settings chosen out of sample: " + "; ".join(
        "%s: %s, %s" % (r["collection"], r["lexical_out_setting"], r["hybrid_out_setting"]) for r in rows))
    print("Shipped defaults (title %g, document %g; semantic weight %g) on each: " % (*SHIPPED["lexical"], SHIPPED["hybrid"]) + "; ".join(
        "%s %.4f / %.4f" % (r["collection"], r["lexical_shipped"], r["hybrid_shipped"]) for r in rows))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"rows": rows, "lexical_grid": {"%g/%g" % k: v for k, v in lexical.items()},
                       "fusion_grid": {str(k): v for k, v in hybrid.items()}}, out, indent=1)


if __name__ == "__main__":
    main()
