#!/usr/bin/env python3
"""Checks rendered KnowledgeHub manifests (k8s/ or `helm template` output) for what the spec and the services need.

Not a schema validator (kubeconform does that in CI): it checks the contract between the chart and the code and
the spec. Every object has apiVersion/kind/metadata.name; the api, crawler and indexer Deployments and the scheduler
CronJob exist with images, resources and probes on /health; the api listens on 3000 and its Service also offers the
spec's ports 3101 (web UI) and 9090 (metrics); the services read DATABASE_URL and REDIS_URL from a Secret that exists;
KEDA measures the spec's queues crawl_jobs:pending / rag_jobs:pending; pods carry the Prometheus scrape annotations
for /metrics; Services select pods that exist; every referenced ConfigMap, Secret and ServiceAccount is rendered.

Usage: check_manifests.py [--expect keda|hpa|none] [--existing-secret NAME] FILE_OR_DIR...   (exit 1 and one line per problem on failure)
Needs Python 3 and PyYAML.
"""
import argparse
import pathlib
import sys

import yaml

QUEUES = {"crawler": "crawl_jobs:pending", "indexer": "rag_jobs:pending"}
API_PORT, UI_PORT, METRICS_PORT = 3000, 3101, 9090
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}

problems = []


def problem(where, text):
    problems.append(f"{where}: {text}")


def load(paths):
    docs = []
    for p in paths:
        path = pathlib.Path(p)
        files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for f in files:
            try:
                for d in yaml.safe_load_all(f.read_text()):
                    if d:
                        docs.append((str(f), d))
            except yaml.YAMLError as e:
                problem(str(f), f"not valid YAML: {e}")
    return docs


def pod_spec(obj):
    kind = obj.get("kind")
    spec = obj.get("spec", {})
    if kind == "CronJob":
        return spec.get("jobTemplate", {}).get("spec", {}).get("template", {})
    if kind in WORKLOADS:
        return spec.get("template", {})
    if kind == "Pod":
        return {"metadata": obj.get("metadata", {}), "spec": spec}
    return None


def component(obj):
    return obj.get("metadata", {}).get("labels", {}).get("app.kubernetes.io/component")


def env_map(container):
    return {e.get("name"): e for e in container.get("env", []) or []}


def check_basics(docs):
    seen = set()
    for f, d in docs:
        name = d.get("metadata", {}).get("name")
        where = f"{f} {d.get('kind')}/{name}"
        for key in ("apiVersion", "kind"):
            if not d.get(key):
                problem(where, f"no {key}")
        if not name:
            problem(where, "no metadata.name")
        ident = (d.get("kind"), name)
        if ident in seen:
            problem(where, "defined twice")
        seen.add(ident)
        tpl = pod_spec(d)
        if tpl is None:
            continue
        containers = tpl.get("spec", {}).get("containers") or []
        if not containers:
            problem(where, "no containers")
        for c in containers:
            image = c.get("image", "")
            if not image or image.endswith(":") or ":latest" in image:
                problem(where, f"container {c.get('name')}: image '{image}' is empty, untagged or latest")
            if d.get("kind") != "Pod" and not c.get("resources"):
                problem(where, f"container {c.get('name')}: no resources")
        if d.get("kind") in ("Deployment", "StatefulSet"):
            sel = d["spec"].get("selector", {}).get("matchLabels", {})
            labels = tpl.get("metadata", {}).get("labels", {})
            if not sel or any(labels.get(k) != v for k, v in sel.items()):
                problem(where, "selector.matchLabels do not match the pod template labels")


def by_kind(docs, kind):
    return {d["metadata"]["name"]: d for _, d in docs if d.get("kind") == kind and d.get("metadata", {}).get("name")}


def find_component(docs, kind, comp):
    found = [d for _, d in docs if d.get("kind") == kind and component(d) == comp]
    return found[0] if found else None


def check_references(docs, external_secrets):
    configmaps, secrets = by_kind(docs, "ConfigMap"), by_kind(docs, "Secret")
    accounts = by_kind(docs, "ServiceAccount")
    for _, d in docs:
        tpl = pod_spec(d)
        if tpl is None:
            continue
        where = f"{d['kind']}/{d['metadata']['name']}"
        sa = tpl.get("spec", {}).get("serviceAccountName")
        if sa and sa != "default" and sa not in accounts:
            problem(where, f"ServiceAccount {sa} is not rendered")
        for c in tpl.get("spec", {}).get("containers", []):
            for ef in c.get("envFrom", []) or []:
                if "configMapRef" in ef and ef["configMapRef"]["name"] not in configmaps:
                    problem(where, f"envFrom ConfigMap {ef['configMapRef']['name']} is not rendered")
                if "secretRef" in ef and ef["secretRef"]["name"] not in secrets:
                    problem(where, f"envFrom Secret {ef['secretRef']['name']} is not rendered")
            for e in c.get("env", []) or []:
                ref = (e.get("valueFrom") or {}).get("secretKeyRef")
                if ref and not ref.get("optional") and ref["name"] not in external_secrets:
                    s = secrets.get(ref["name"])
                    if s is None:
                        problem(where, f"env {e['name']}: Secret {ref['name']} is not rendered")
                    elif ref["key"] not in (s.get("stringData") or {}) and ref["key"] not in (s.get("data") or {}):
                        problem(where, f"env {e['name']}: Secret {ref['name']} has no key {ref['key']}")
    pods = [pod_spec(d).get("metadata", {}).get("labels", {}) for _, d in docs if pod_spec(d) is not None]
    for name, svc in by_kind(docs, "Service").items():
        sel = svc.get("spec", {}).get("selector") or {}
        if not any(all(p.get(k) == v for k, v in sel.items()) for p in pods):
            problem(f"Service/{name}", f"selector {sel} matches no pod template")


def probe_path(probe):
    return ((probe or {}).get("httpGet") or {}).get("path")


def check_service_container(d, comp, port):
    where = f"{d['kind']}/{d['metadata']['name']}"
    tpl = pod_spec(d)
    c = tpl["spec"]["containers"][0]
    env = env_map(c)
    for name in ("DATABASE_URL", "REDIS_URL"):
        ref = (env.get(name, {}).get("valueFrom") or {}).get("secretKeyRef")
        if not ref:
            problem(where, f"{name} does not come from a Secret")
    ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", []) or []}
    if d["kind"] != "CronJob":
        if ports.get("http") != port:
            problem(where, f"container port 'http' is {ports.get('http')}, expected {port}")
        if probe_path(c.get("readinessProbe")) not in ("/health", "/q/health", "/q/health/ready"):
            problem(where, f"readinessProbe is not an HTTP GET on /health: {c.get('readinessProbe')}")
        if not c.get("livenessProbe"):
            problem(where, "no livenessProbe")
        ann = tpl.get("metadata", {}).get("annotations", {}) or {}
        if ann.get("prometheus.io/scrape") != "true" or ann.get("prometheus.io/path") != "/metrics" \
                or ann.get("prometheus.io/port") != str(port):
            problem(where, f"Prometheus annotations are not scrape=true, path=/metrics, port={port}: {ann}")
    return env


def check_contract(docs, expect):
    api = find_component(docs, "Deployment", "api")
    if api is None:
        problem("api", "no Deployment with app.kubernetes.io/component=api")
    else:
        env = check_service_container(api, "api", API_PORT)
        want = {"API_PORT": str(API_PORT), "KH_JOBS_WORKERS_ENABLED": "false", "SCHEDULER_ENABLED": "false"}
        for k, v in want.items():
            if env.get(k, {}).get("value") != v:
                problem("Deployment api", f"env {k} is {env.get(k, {}).get('value')!r}, expected {v!r}")
        svc = find_component(docs, "Service", "api")
        if svc is None:
            problem("api", "no Service")
        else:
            ports = {p["port"]: p for p in svc["spec"]["ports"]}
            for port in (API_PORT, UI_PORT, METRICS_PORT):
                if port not in ports:
                    problem("Service api", f"no port {port}")
                elif ports[port].get("targetPort") not in ("http", API_PORT):
                    problem("Service api", f"port {port} does not target the api's http port")
    for comp, queue in QUEUES.items():
        dep = find_component(docs, "Deployment", comp)
        if dep is None:
            problem(comp, "no Deployment")
            continue
        port = pod_spec(dep)["spec"]["containers"][0].get("ports", [{}])[0].get("containerPort")
        env = check_service_container(dep, comp, port)
        if env.get("QUARKUS_HTTP_PORT", {}).get("value") != str(port):
            problem(f"Deployment {comp}", f"QUARKUS_HTTP_PORT does not match the container port {port}")
        if env.get("KH_JOBS_WORKERS_ENABLED", {}).get("value") != "true":
            problem(f"Deployment {comp}", "KH_JOBS_WORKERS_ENABLED is not \"true\"")
        so = find_component(docs, "ScaledObject", comp)
        hpa = find_component(docs, "HorizontalPodAutoscaler", comp)
        if expect == "keda":
            if so is None:
                problem(comp, "no KEDA ScaledObject")
            else:
                if so["spec"]["scaleTargetRef"].get("name") != dep["metadata"]["name"]:
                    problem(f"ScaledObject {comp}", "scaleTargetRef does not name the Deployment")
                triggers = so["spec"].get("triggers", [])
                if not any(t.get("type") == "redis" and t.get("metadata", {}).get("listName") == queue for t in triggers):
                    problem(f"ScaledObject {comp}", f"no redis trigger with listName {queue}")
                for t in triggers:
                    m = t.get("metadata", {})
                    if not str(m.get("listLength", "")).isdigit():
                        problem(f"ScaledObject {comp}", f"listLength {m.get('listLength')!r} is not a number string")
                    if not (m.get("address") or m.get("addressFromEnv") or m.get("host")):
                        problem(f"ScaledObject {comp}", "redis trigger has no address")
                    ref = t.get("authenticationRef", {}).get("name")
                    if ref and ref not in by_kind(docs, "TriggerAuthentication"):
                        problem(f"ScaledObject {comp}", f"TriggerAuthentication {ref} is not rendered")
                if "replicas" in dep["spec"]:
                    problem(f"Deployment {comp}", "sets replicas although KEDA owns them")
            if hpa is not None:
                problem(comp, "has both a ScaledObject and a HorizontalPodAutoscaler")
        elif expect == "hpa":
            if hpa is None:
                problem(comp, "no HorizontalPodAutoscaler")
            if so is not None:
                problem(comp, "has a ScaledObject although KEDA is off")
    cron = find_component(docs, "CronJob", "scheduler")
    if cron is None:
        problem("scheduler", "no CronJob")
    else:
        if cron["spec"].get("concurrencyPolicy") != "Forbid":
            problem("CronJob scheduler", "concurrencyPolicy is not Forbid")
        if not cron["spec"].get("schedule"):
            problem("CronJob scheduler", "no schedule")
        env = check_service_container(cron, "scheduler", None)
        if env.get("SCHEDULER_ENABLED", {}).get("value") != "true":
            problem("CronJob scheduler", "SCHEDULER_ENABLED is not \"true\"")
    for name, cm in by_kind(docs, "ConfigMap").items():
        if name.endswith("-config"):
            for key in ("WEAVIATE_URL", "SEARCH_CACHE_TTL"):
                if key not in (cm.get("data") or {}):
                    problem(f"ConfigMap/{name}", f"no {key}")
            if not str((cm.get("data") or {}).get("SEARCH_CACHE_TTL", "0")).isdigit():
                problem(f"ConfigMap/{name}", "SEARCH_CACHE_TTL is not a number of seconds")
    for name, s in by_kind(docs, "Secret").items():
        data = s.get("stringData") or {}
        if "DATABASE_URL" in data and not data["DATABASE_URL"].startswith("postgresql://"):
            problem(f"Secret/{name}", "DATABASE_URL does not start with postgresql://")
        if "REDIS_URL" in data and not data["REDIS_URL"].startswith(("redis://", "rediss://")):
            problem(f"Secret/{name}", "REDIS_URL does not start with redis:// or rediss://")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expect", choices=["keda", "hpa", "none"], default="keda",
                    help="how the crawler and the indexer should be autoscaled in these manifests")
    ap.add_argument("--existing-secret", action="append", default=[],
                    help="a Secret made outside the chart (secrets.existingSecret): references to it are not checked")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    docs = load(args.paths)
    if not docs:
        problem(" ".join(args.paths), "no manifests found")
    check_basics(docs)
    if not problems:
        check_references(docs, set(args.existing_secret))
        check_contract(docs, args.expect)
    for p in problems:
        print(f"FAIL {p}", file=sys.stderr)
    kinds = sorted({d.get("kind") for _, d in docs})
    print(f"{len(docs)} manifests ({', '.join(kinds)}): {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
