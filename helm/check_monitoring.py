#!/usr/bin/env python3
"""Static check of the dashboard and the alerting rules: every metric they name is registered in the code.

Reads the Micrometer registrations of the Java sources (`Counter|FunctionCounter|Timer|Gauge|DistributionSummary
.builder("a.b")` with their `.tag("k", ...)` / `.tags("k", v, ...)`, and JobMetrics' `count("a.b", description, "k", ...)`), turns them into the Prometheus names Quarkus
exports (a_b_total, a_b_seconds_bucket, ...), and checks each metric and each label selector of
helm/knowledgehub/files/dashboards/knowledgehub.json and helm/knowledgehub/files/alerts.yaml against them. It runs
without a JVM; MonitoringNamesTest (api/) does the same against a live /metrics after a crawl, an indexing job and a
search.
"""
import json
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
FILES = ROOT / "helm" / "knowledgehub" / "files"
BUILDER = re.compile(r'\b(Counter|FunctionCounter|Timer|Gauge|DistributionSummary)\.builder\(\s*"([a-z0-9_.]+)"')
HELPER = re.compile(r'\bcount\(\s*"([a-z0-9_.]+)"\s*,\s*"[^"]*"\s*,\s*"([a-z_]+)"')
TAG = re.compile(r'\.tag\(\s*"([a-z_]+)"')
TAGS = re.compile(r'\.tags\(([^)]*)\)')
SELECTOR = re.compile(r'([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*\{([^}]*)}')
MATCHER = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"')
GROUPING = re.compile(r'\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)')
IDENT = re.compile(r'(?<![\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\s*\()')
KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "inf", "nan"}
TARGET_LABELS = {"job", "instance", "kh_service", "namespace", "pod", "container", "service"}


def registered():
    metrics = {"up": set()}
    for src in ROOT.glob("**/src/main/java/**/*.java"):
        text = src.read_text()
        for m in BUILDER.finditer(text):
            end = text.find(".register(", m.end())
            chain = text[m.end():end if end > 0 else m.end() + 600]
            labels = set(TAG.findall(chain))
            for args in TAGS.findall(chain):
                labels |= set(re.findall(r'"([a-z_]+)"\s*,', args))
            base = m.group(2).replace(".", "_")
            kind = m.group(1)
            names = {"Counter": [base + "_total"], "FunctionCounter": [base + "_total"], "Gauge": [base],
                     "Timer": [base + "_seconds" + s for s in ("_bucket", "_count", "_sum", "_max")],
                     "DistributionSummary": [base + s for s in ("_bucket", "_count", "_sum", "_max")]}[kind]
            for n in names:
                metrics.setdefault(n, set()).update(labels | ({"le"} if n.endswith("_bucket") else set()))
        # JobMetrics' helper: count("crawl.pages", "description", "result", value, amount), a labelled counter
        for m in HELPER.finditer(text):
            metrics.setdefault(m.group(1).replace(".", "_") + "_total", set()).add(m.group(2))
    return metrics


def queries():
    out = {}
    dash = json.loads((FILES / "dashboards" / "knowledgehub.json").read_text())
    for p in dash["panels"]:
        for t in p.get("targets", []):
            out[f"dashboard \"{p['title']}\" {t['refId']}"] = t["expr"]
    for g in yaml.safe_load((FILES / "alerts.yaml").read_text())["groups"]:
        for r in g["rules"]:
            out[f"alert {r['alert']}"] = r["expr"]
    return out


def check(where, expr, metrics):
    problems, referenced = [], set()
    for s in SELECTOR.finditer(expr):
        name = s.group(1)
        if not name or name not in metrics:
            problems.append(f"{where}: metric {name} is not registered in the code")
            continue
        referenced.add(name)
        for label, _ in MATCHER.findall(s.group(2)):
            if label not in metrics[name] and label not in TARGET_LABELS:
                problems.append(f"{where}: {name} has no label {label} (it has {sorted(metrics[name])})")
    rest = re.sub(r'"[^"]*"', " ", re.sub(r"\[[^]]*]", " ", SELECTOR.sub(" ", expr)))
    groups = [l.strip() for g in GROUPING.finditer(rest) for l in g.group(2).split(",") if l.strip()]
    for name in IDENT.findall(GROUPING.sub(" ", rest)):
        if name.lower() in KEYWORDS:
            continue
        if name not in metrics:
            problems.append(f"{where}: metric {name} is not registered in the code")
        referenced.add(name)
    for label in groups:
        if label not in TARGET_LABELS and not any(label in metrics.get(m, ()) for m in referenced):
            problems.append(f"{where}: grouping label {label} is on none of {sorted(referenced)}")
    return problems


def main():
    metrics = registered()
    qs = queries()
    problems = [p for where, e in qs.items() for p in check(where, e, metrics)]
    for p in problems:
        print(f"FAIL {p}", file=sys.stderr)
    if not problems:
        print(f"dashboard and alerts: {len(qs)} queries name only the {len(metrics)} registered metric series: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
