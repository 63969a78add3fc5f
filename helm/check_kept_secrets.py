#!/usr/bin/env python3
"""Checks that the chart keeps the credentials it generates: PostgreSQL and Redis passwords, the admin API key and
SECRET_KEY are random at the first install and the same at every upgrade.

The chart finds the values of an earlier install with Helm's `lookup`, which only asks a cluster. There is no cluster
here, so this script serves the few Kubernetes API calls that `helm template --dry-run=server` makes (discovery, and
GET of a Secret) from a tiny fake API server on 127.0.0.1, and renders:
  1. a first install (no Secret exists): every credential is generated, long and random, and the URLs carry them;
  2. an upgrade (the Secrets of step 1 exist): the same values come back, and two renders are byte-for-byte equal
     (so the checksum annotations do not restart pods for nothing);
  3. an upgrade from an install that predates some keys (only POSTGRES_PASSWORD exists): it is kept, the rest generated;
  4. values given explicitly (auth.adminApiKey, postgresql.auth.password) win over what exists.

Usage: HELM=path/to/helm check_kept_secrets.py   (helm 3.13+ or 4; exit 1 and one line per problem on failure)
Needs Python 3 and PyYAML.
"""
import base64
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHART = ROOT / "helm" / "knowledgehub"
HELM = os.environ.get("HELM", "helm")
RELEASE, NAMESPACE = "kh", "kh"
MAIN, AUTH = "kh-knowledgehub", "kh-knowledgehub-auth"
KEYS = {MAIN: ["POSTGRES_PASSWORD", "REDIS_PASSWORD"], AUTH: ["KH_ADMIN_API_KEY", "SECRET_KEY"]}

# What the fake cluster holds: {secret name: {key: plain value}}.
existing = {}
GROUPS = {
    "v1": ["Secret", "ConfigMap", "Service", "Pod", "ServiceAccount"],
    "apps/v1": ["Deployment", "StatefulSet"],
    "batch/v1": ["CronJob", "Job"],
    "networking.k8s.io/v1": ["NetworkPolicy", "Ingress"],
    "autoscaling/v2": ["HorizontalPodAutoscaler"],
    "keda.sh/v1alpha1": ["ScaledObject", "TriggerAuthentication"],
    "policy/v1": ["PodDisruptionBudget"],
    "monitoring.coreos.com/v1": ["PodMonitor", "PrometheusRule"],
}


def plural(kind):
    lower = kind.lower()
    return lower + ("es" if lower.endswith(("s", "x")) else "ies" if lower.endswith("y") else "s")


class FakeApi(BaseHTTPRequestHandler):
    """Discovery, GET /api/v1/namespaces/NS/secrets/NAME from `existing`, empty lists, 404 for everything else."""

    def log_message(self, *args):
        pass

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path.rstrip("/")
        parts = path.strip("/").split("/")
        if path == "/version":
            return self.reply(200, {"major": "1", "minor": "30", "gitVersion": "v1.30.0", "platform": "linux/amd64"})
        if path == "/api":
            return self.reply(200, {"kind": "APIVersions", "versions": ["v1"]})
        if path == "/apis":
            groups = [{"name": gv.split("/")[0], "versions": [{"groupVersion": gv, "version": gv.split("/")[1]}],
                       "preferredVersion": {"groupVersion": gv, "version": gv.split("/")[1]}}
                      for gv in GROUPS if gv != "v1"]
            return self.reply(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
        gv = "v1" if path == "/api/v1" else path[len("/apis/"):] if path.startswith("/apis/") else None
        if gv in GROUPS:
            resources = [{"name": plural(k), "singularName": k.lower(), "namespaced": True, "kind": k,
                          "verbs": ["get", "list"]} for k in GROUPS[gv]]
            return self.reply(200, {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv,
                                    "resources": resources})
        if parts[:3] == ["api", "v1", "namespaces"] and len(parts) == 5 and parts[4] == "secrets":
            return self.reply(200, {"kind": "SecretList", "apiVersion": "v1", "metadata": {}, "items": []})
        if parts[:3] == ["api", "v1", "namespaces"] and len(parts) == 6 and parts[4] == "secrets" \
                and parts[3] == NAMESPACE and parts[5] in existing:
            data = {k: base64.b64encode(v.encode()).decode() for k, v in existing[parts[5]].items()}
            meta = {"name": parts[5], "namespace": NAMESPACE, "labels": {"app.kubernetes.io/managed-by": "Helm"},
                    "annotations": {"meta.helm.sh/release-name": RELEASE, "meta.helm.sh/release-namespace": NAMESPACE}}
            return self.reply(200, {"kind": "Secret", "apiVersion": "v1", "metadata": meta, "type": "Opaque", "data": data})
        self.reply(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404})


problems = []


def problem(text):
    problems.append(text)


def render(kubeconfig, *args):
    cmd = [HELM, "template", RELEASE, str(CHART), "--namespace", NAMESPACE, "--dry-run=server",
           "--disable-openapi-validation", *args]
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "KUBECONFIG": kubeconfig})
    if out.returncode != 0:
        raise SystemExit(f"FAIL {' '.join(cmd[1:])}: {out.stderr.strip()}")
    return out.stdout


def secrets(manifest):
    return {d["metadata"]["name"]: d.get("stringData") or {} for d in yaml.safe_load_all(manifest)
            if d and d.get("kind") == "Secret"}


def url_password(url):
    password = urllib.parse.urlsplit(url).password
    return None if password is None else urllib.parse.unquote(password)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        kubeconfig = os.path.join(tmp, "kubeconfig")
        with open(kubeconfig, "w") as f:
            yaml.safe_dump({"apiVersion": "v1", "kind": "Config", "current-context": "fake",
                            "clusters": [{"name": "fake", "cluster": {"server": f"http://127.0.0.1:{server.server_port}"}}],
                            "contexts": [{"name": "fake", "context": {"cluster": "fake", "namespace": NAMESPACE}}],
                            "users": [{"name": "fake", "user": {}}]}, f)
        os.chmod(kubeconfig, 0o600)

        # 1. First install.
        first = secrets(render(kubeconfig))
        for name, keys in KEYS.items():
            for key in keys:
                value = first.get(name, {}).get(key, "")
                if len(value) < 32:
                    problem(f"first install: {name} {key} is {len(value)} characters, expected a generated value of 32 or more")
        if not first.get(AUTH, {}).get("KH_ADMIN_API_KEY", "").startswith("kh_"):
            problem("first install: KH_ADMIN_API_KEY does not start with kh_")
        main_secret = first.get(MAIN, {})
        if url_password(main_secret.get("DATABASE_URL", "")) != main_secret.get("POSTGRES_PASSWORD"):
            problem("first install: DATABASE_URL does not carry POSTGRES_PASSWORD")
        if url_password(main_secret.get("REDIS_URL", "")) != main_secret.get("REDIS_PASSWORD"):
            problem("first install: REDIS_URL does not carry REDIS_PASSWORD")
        again = secrets(render(kubeconfig))
        if again.get(AUTH, {}).get("KH_ADMIN_API_KEY") == first.get(AUTH, {}).get("KH_ADMIN_API_KEY"):
            problem("two first installs generated the same admin key: not random")

        # 2. Upgrade: the Secrets of the first install exist.
        existing.update({name: dict(data) for name, data in first.items()})
        upgrade = render(kubeconfig)
        if render(kubeconfig) != upgrade:
            problem("upgrade: two renders with the same existing Secrets differ (checksums would restart pods)")
        kept = secrets(upgrade)
        for name, keys in KEYS.items():
            for key in keys + ["DATABASE_URL", "REDIS_URL"]:
                if key in first.get(name, {}) and kept.get(name, {}).get(key) != first[name][key]:
                    problem(f"upgrade: {name} {key} changed; it must be kept")

        # 3. Upgrade from an install whose Secret predates the other keys.
        existing.clear()
        existing[MAIN] = {"POSTGRES_PASSWORD": "an-older-password-kept-by-the-volume"}
        partial = secrets(render(kubeconfig))
        if partial.get(MAIN, {}).get("POSTGRES_PASSWORD") != "an-older-password-kept-by-the-volume":
            problem("partial upgrade: POSTGRES_PASSWORD was not kept")
        if len(partial.get(MAIN, {}).get("REDIS_PASSWORD", "")) < 32:
            problem("partial upgrade: REDIS_PASSWORD was not generated")

        # 4. Explicit values win.
        existing.clear()
        existing.update({name: dict(data) for name, data in first.items()})
        given = secrets(render(kubeconfig, "--set", "auth.adminApiKey=kh_given-admin-key-0123456789abcdef",
                               "--set", "postgresql.auth.password=given-postgres-password-0123456789"))
        if given.get(AUTH, {}).get("KH_ADMIN_API_KEY") != "kh_given-admin-key-0123456789abcdef":
            problem("auth.adminApiKey given: not used")
        if given.get(MAIN, {}).get("POSTGRES_PASSWORD") != "given-postgres-password-0123456789":
            problem("postgresql.auth.password given: not used")
        if given.get(AUTH, {}).get("SECRET_KEY") != first[AUTH]["SECRET_KEY"]:
            problem("with auth.adminApiKey given, SECRET_KEY changed; it must be kept")
    server.shutdown()
    for p in problems:
        print(f"FAIL {p}", file=sys.stderr)
    print(f"kept credentials (lookup against a fake API server): {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
