"""`make eval`: prints each case with its rank and reason, then the figures; writes
eval/results/latest.json."""

from __future__ import annotations

import json

from eval.evaluate import ROOT, run


def main() -> None:
    report = run()
    for case in report["cases"]:
        mark = "ok  " if case["passed"] else "FAIL"
        ranks = ", ".join(f"{k}@{v}" if v else f"{k}@-" for k, v in case["expected_ranks"].items())
        kind = "must not" if case["negative"] else "expect"
        print(f"{mark} {case['id']} ({case['source']}): {kind} {ranks}")
        for top in case["top"][:3]:
            print(f"       {top['score']:.3f} {top['id']}: {top['reasons']}")
    m = report["metrics"]
    print(
        f"\n{report['proposals']} proposals {report['proposals_by_kind']}, at most "
        f"{report['most_per_subject']} per subject and kind (k={report['settings']['k']})"
    )
    print(
        f"precision@5 {m['precision_at_5']:.2f}  recall@10 {m['recall_at_10']:.2f}  "
        f"MRR {m['mrr']:.2f}  negatives clean {m['negatives_clean']}/{m['negatives']}  "
        f"cases passed {m['passed']}/{m['positives'] + m['negatives']}"
    )
    out = ROOT / "eval" / "results" / "latest.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
