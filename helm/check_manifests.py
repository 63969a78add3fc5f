#!/usr/bin/env python3
"""Checks rendered KnowledgeHub manifests (k8s/ or `helm template` output) for what the spec and the services need.

Not a schema validator (kubeconform does that in CI): it checks the contract between the chart and the code and
the spec. Every object has apiVersion/kind/metadata.name; the api, crawler and indexer Deployments and the scheduler
CronJob exist with images, resources and probes on /health; the api listens on 3000 and its Service also offers the
spec's ports 3101 (web UI) and 9090 (metrics); the services read DATABASE_URL and REDIS_URL from a Secret that exists;
KEDA measures the spec's queues crawl_jobs:pending / rag_jobs:pending; pods carry the Prometheus scrape annotations
for /metrics; Services select pods that exist; every referenced ConfigMap, Secret and ServiceAccount is rendered.

Security: the api gets KH_AUTH_ENABLED, KH_ADMIN_API_KEY and SECRET_KEY (both from a Secret), API_RATE_LIMIT and
SEARCH_RATE_LIMIT; /metrics is on the management port, which no Ingress routes to; a bundled Redis requires a password
that REDIS_URL carries; no fixed default password and no weak generated one is rendered; the crawler pods have an
egress NetworkPolicy that allows DNS and keeps every private, cluster-internal, link-local and loopback range closed
(but the ranges given with --allowed-cidr); Ingresses carry the spec's ingress-nginx rate limits (/api 10 r/s burst 20,
/api/v1/search 5 r/s burst 10).

Usage: check_manifests.py [--expect keda|hpa|none] [--existing-secret NAME] [--auth on|off] [--network-policy on|off]
                          [--allowed-cidr CIDR]... FILE_OR_DIR...   (exit 1 and one line per problem on failure)
Needs Python 3 and PyYAML.
"""
import argparse
import ipaddress
import pathlib
import re
import sys
import urllib.parse

import yaml

QUEUES = {"crawler": "crawl_jobs:pending", "indexer": "rag_jobs:pending"}
API_PORT, UI_PORT, METRICS_PORT = 3000, 3101, 9090
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}
# Ranges the crawler's NetworkPolicy must keep closed: private, CGNAT, link-local (cloud metadata), loopback, IPv6
# unique-local and link-local.
DENIED = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
                                            "169.254.0.0/16", "127.0.0.0/8", "fc00::/7", "fe80::/10")]
# Passwords that shipped as defaults once, or that anyone would guess.
WEAK = re.compile(r"change-?me|knowledgehub-change|^password$|^admin$|^secret$|^khuser$|^knowledgehub$", re.I)

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


def check_service_container(d, comp, port, metrics_port=None):
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
        if probe_path(c.get("readinessProbe")) not in ("/health", "/health/ready", "/q/health", "/q/health/ready"):
            problem(where, f"readinessProbe is not an HTTP GET on /health: {c.get('readinessProbe')}")
        if not c.get("livenessProbe"):
            problem(where, "no livenessProbe")
        ann = tpl.get("metadata", {}).get("annotations", {}) or {}
        metrics_port = metrics_port or port
        if ann.get("prometheus.io/scrape") != "true" or ann.get("prometheus.io/path") != "/metrics" \
                or ann.get("prometheus.io/port") != str(metrics_port):
            problem(where, f"Prometheus annotations are not scrape=true, path=/metrics, port={metrics_port}: {ann}")
    return env


def container_ports(d):
    c = pod_spec(d)["spec"]["containers"][0]
    return {p.get("name"): p.get("containerPort") for p in c.get("ports", []) or []}


def check_api_security(api, env, auth):
    where = "Deployment api"
    want_auth = "true" if auth == "on" else "false"
    if env.get("KH_AUTH_ENABLED", {}).get("value") != want_auth:
        problem(where, f"KH_AUTH_ENABLED is {env.get('KH_AUTH_ENABLED', {}).get('value')!r}, expected {want_auth!r}")
    for name in ("KH_ADMIN_API_KEY", "SECRET_KEY"):
        e = env.get(name)
        if e is None:
            problem(where, f"no {name}")
        elif "value" in e:
            problem(where, f"{name} is written into the Deployment; it must come from a Secret")
        elif not ((e.get("valueFrom") or {}).get("secretKeyRef") or {}).get("name"):
            problem(where, f"{name} does not come from a Secret")
        elif ((e.get("valueFrom") or {}).get("secretKeyRef") or {}).get("optional"):
            problem(where, f"{name} is optional; the api must not start without it")
    for name in ("API_RATE_LIMIT", "SEARCH_RATE_LIMIT"):
        if not str(env.get(name, {}).get("value", "")).isdigit():
            problem(where, f"{name} is {env.get(name, {}).get('value')!r}, expected a number of requests per minute")
    for name in ("CORS_ORIGINS", "KH_CRAWLER_ALLOWED_NETWORKS"):
        if name in env and not str(env[name].get("value", "")).strip():
            problem(where, f"{name} is set but empty (leave it out instead)")


def check_contract(docs, expect, auth):
    api = find_component(docs, "Deployment", "api")
    if api is None:
        problem("api", "no Deployment with app.kubernetes.io/component=api")
    else:
        cports = container_ports(api)
        metrics_port = cports.get("management") or API_PORT
        env = check_service_container(api, "api", API_PORT, metrics_port)
        want = {"API_PORT": str(API_PORT), "KH_JOBS_WORKERS_ENABLED": "false", "SCHEDULER_ENABLED": "false"}
        for k, v in want.items():
            if env.get(k, {}).get("value") != v:
                problem("Deployment api", f"env {k} is {env.get(k, {}).get('value')!r}, expected {v!r}")
        if "management" in cports and env.get("QUARKUS_MANAGEMENT_PORT", {}).get("value") != str(cports["management"]):
            problem("Deployment api", "QUARKUS_MANAGEMENT_PORT does not match the container port 'management'")
        check_api_security(api, env, auth)
        svc = find_component(docs, "Service", "api")
        if svc is None:
            problem("api", "no Service")
        else:
            ports = {p["port"]: p for p in svc["spec"]["ports"]}
            for port in (API_PORT, UI_PORT, METRICS_PORT):
                want_target = ("management", cports.get("management")) if port == METRICS_PORT and "management" in cports \
                    else ("http", API_PORT)
                if port not in ports:
                    problem("Service api", f"no port {port}")
                elif ports[port].get("targetPort") not in want_target:
                    problem("Service api", f"port {port} targets {ports[port].get('targetPort')!r}, expected {want_target[0]!r}")
            check_ingresses(docs, svc, cports)
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
                    if t.get("type") == "metrics-api":
                        # jobs in flight, from the api's /health/job_queue (the processing set is not a Redis list)
                        if not re.fullmatch(r"http://[a-z0-9-]+-api:\d+/health/job_queue", str(m.get("url", ""))):
                            problem(f"ScaledObject {comp}", f"metrics-api trigger url {m.get('url')!r} is not the api's /health/job_queue")
                        want = queue.split("_")[0] + "_processing"
                        if m.get("valueLocation") != f"details.{want}":
                            problem(f"ScaledObject {comp}", f"metrics-api valueLocation {m.get('valueLocation')!r} is not details.{want}")
                        continue
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
    check_credentials(docs)


def url_password(url):
    """The percent-decoded password of a URL's user info, or None."""
    password = urllib.parse.urlsplit(url).password
    return None if password is None else urllib.parse.unquote(password)


def check_credentials(docs):
    """A bundled Redis asks for a password that REDIS_URL carries; no default or short generated password."""
    secrets = by_kind(docs, "Secret")
    redis = find_component(docs, "StatefulSet", "redis")
    if redis is not None:
        c = pod_spec(redis)["spec"]["containers"][0]
        args = c.get("args", []) or []
        if "--requirepass" not in args:
            problem("StatefulSet redis", "Redis starts without --requirepass")
        else:
            ref = ((env_map(c).get("REDIS_PASSWORD", {}).get("valueFrom") or {}).get("secretKeyRef")) or {}
            if args[args.index("--requirepass") + 1] != "$(REDIS_PASSWORD)" or ref.get("key") != "REDIS_PASSWORD":
                problem("StatefulSet redis", "--requirepass is not $(REDIS_PASSWORD) from a Secret")
            for name, s in secrets.items():
                url = (s.get("stringData") or {}).get("REDIS_URL")
                password = (s.get("stringData") or {}).get("REDIS_PASSWORD")
                if url and (not password or url_password(url) != password):
                    problem(f"Secret/{name}", "REDIS_URL does not carry REDIS_PASSWORD (redis://:PASSWORD@host:6379/0)")
    for name, s in secrets.items():
        data = s.get("stringData") or {}
        for key in ("POSTGRES_PASSWORD", "REDIS_PASSWORD", "KH_ADMIN_API_KEY", "SECRET_KEY"):
            value = str(data.get(key, ""))
            if key in data and (len(value) < 16 or WEAK.search(value)):
                problem(f"Secret/{name}", f"{key} is a default or short value ({len(value)} characters)")
        if "POSTGRES_PASSWORD" in data and "DATABASE_URL" in data and url_password(data["DATABASE_URL"]) != data["POSTGRES_PASSWORD"]:
            problem(f"Secret/{name}", "DATABASE_URL does not carry POSTGRES_PASSWORD")
    for _, d in docs:
        tpl = pod_spec(d)
        for c in (tpl or {}).get("spec", {}).get("containers", []) if tpl else []:
            for e in c.get("env", []) or []:
                if "PASSWORD" in e.get("name", "") and "value" in e:
                    problem(f"{d['kind']}/{d['metadata']['name']}", f"env {e['name']} is written into the manifest")


def check_ingresses(docs, svc, cports):
    """ingress-nginx rate limits of the spec on /api and /api/v1/search; the metrics port is never routed."""
    ingresses = [d for _, d in docs if d.get("kind") == "Ingress"]
    if not ingresses:
        return
    svc_name = svc["metadata"]["name"]
    metrics_ports = {p["port"] for p in svc["spec"]["ports"] if p.get("name") == "metrics"} | {"metrics"}
    routed = {}
    for ing in ingresses:
        for rule in ing["spec"].get("rules", []):
            for path in (rule.get("http") or {}).get("paths", []):
                backend = path.get("backend", {}).get("service", {})
                port = backend.get("port", {}).get("name") or backend.get("port", {}).get("number")
                if backend.get("name") == svc_name and (port in metrics_ports or "management" in str(port)):
                    problem(f"Ingress/{ing['metadata']['name']}", "routes to the api's metrics port")
                routed[path.get("path")] = ing
    limits = {"/api": ("10", "2"), "/api/v1/search": ("5", "2")}
    for path, (rps, mult) in limits.items():
        ing = routed.get(path)
        if ing is None:
            problem("Ingress", f"no Ingress path {path} (its own Ingress, for its own rate limit)")
            continue
        ann = ing["metadata"].get("annotations") or {}
        got = (ann.get("nginx.ingress.kubernetes.io/limit-rps"), ann.get("nginx.ingress.kubernetes.io/limit-burst-multiplier"))
        if got != (rps, mult):
            problem(f"Ingress/{ing['metadata']['name']}", f"limit-rps / limit-burst-multiplier are {got}, expected {(rps, mult)}")


def check_network_policy(docs, allowed):
    """The crawler pods' egress: DNS allowed, private / cluster-internal / link-local / loopback ranges closed."""
    crawler = find_component(docs, "Deployment", "crawler")
    if crawler is None:
        return
    labels = pod_spec(crawler).get("metadata", {}).get("labels", {})
    policies = [d for _, d in docs if d.get("kind") == "NetworkPolicy"
                and "Egress" in (d["spec"].get("policyTypes") or [])
                and all(labels.get(k) == v for k, v in (d["spec"].get("podSelector", {}).get("matchLabels") or {}).items())]
    if not policies:
        problem("crawler", "no egress NetworkPolicy selects the crawler pods")
        return
    allowed = [ipaddress.ip_network(a, strict=False) for a in allowed]
    dns = False
    for pol in policies:
        where = f"NetworkPolicy/{pol['metadata']['name']}"
        for i, rule in enumerate(pol["spec"].get("egress") or []):
            ports = rule.get("ports") or []
            if "to" not in rule or not rule["to"]:
                problem(where, f"egress rule {i} allows every destination")
                continue
            if {(p.get("protocol", "TCP"), p.get("port")) for p in ports} >= {("UDP", 53), ("TCP", 53)}:
                dns = True
            for peer in rule["to"]:
                block = peer.get("ipBlock")
                if not block:
                    continue
                try:
                    cidr = ipaddress.ip_network(block["cidr"], strict=False)
                    excepts = [ipaddress.ip_network(e, strict=False) for e in block.get("except") or []]
                except ValueError as e:
                    problem(where, f"egress rule {i}: {e}")
                    continue
                if any(cidr.version == a.version and cidr.subnet_of(a) for a in allowed):
                    continue
                for denied in DENIED:
                    if denied.version != cidr.version or not cidr.overlaps(denied):
                        continue
                    if not any(e.version == denied.version and denied.subnet_of(e) for e in excepts):
                        problem(where, f"egress rule {i} ({cidr}) opens {denied}")
    if not dns:
        problem("crawler", "its NetworkPolicy does not allow DNS (UDP and TCP 53)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expect", choices=["keda", "hpa", "none"], default="keda",
                    help="how the crawler and the indexer should be autoscaled in these manifests")
    ap.add_argument("--existing-secret", action="append", default=[],
                    help="a Secret made outside the chart (secrets.existingSecret): references to it are not checked")
    ap.add_argument("--auth", choices=["on", "off"], default="on", help="KH_AUTH_ENABLED expected on the api")
    ap.add_argument("--network-policy", choices=["on", "off"], default="on",
                    help="whether the crawler must have an egress NetworkPolicy")
    ap.add_argument("--allowed-cidr", action="append", default=[],
                    help="a range opened on purpose for the crawler (crawler.allowedNetworks)")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    docs = load(args.paths)
    if not docs:
        problem(" ".join(args.paths), "no manifests found")
    check_basics(docs)
    if not problems:
        check_references(docs, set(args.existing_secret))
        check_contract(docs, args.expect, args.auth)
        if args.network_policy == "on":
            check_network_policy(docs, args.allowed_cidr)
        elif any(d.get("kind") == "NetworkPolicy" for _, d in docs):
            problem("NetworkPolicy", "rendered although expected off")
        for f, d in docs:
            if re.search(r"change-?me", yaml.safe_dump(d), re.I):
                problem(f"{f} {d.get('kind')}/{d['metadata'].get('name')}", "holds a change-me placeholder password")
    for p in problems:
        print(f"FAIL {p}", file=sys.stderr)
    kinds = sorted({d.get("kind") for _, d in docs})
    print(f"{len(docs)} manifests ({', '.join(kinds)}): {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
