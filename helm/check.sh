#!/usr/bin/env bash
# Checks the deployment files without a cluster, a Docker engine or network access:
#   1. YAML/JSON syntax of k8s/, docker/, the chart's values and metadata, helm/ci/ and the workflows;
#   2. the chart/spec contract on k8s/ (helm/check_manifests.py: names, images, probes on /health, ports 3000/3101/9090,
#      Secret/ConfigMap references, KEDA listName crawl_jobs:pending / rag_jobs:pending, Prometheus annotations; and
#      security: the api's KH_AUTH_ENABLED / KH_ADMIN_API_KEY / SECRET_KEY / rate limits, /metrics on the management
#      port and never routed by an Ingress, Redis with --requirepass, no default password, the crawler's egress
#      NetworkPolicy closing private / cluster-internal / metadata ranges, the Ingress rate limits);
#   3. the Pod Security "restricted" rules and a read-only root filesystem on every pod of k8s/
#      (helm/check_pod_security.py), values.schema.json refusing unknown keys (helm/strict_schema.py --check), the
#      metric and label names of the Grafana dashboard and the alerts against the code's Micrometer registrations
#      (helm/check_monitoring.py); docker/ (docker/check_docker.py: Dockerfiles, the native ones, docker-compose.yml);
#   4. with helm (on PATH, or HELM=...): helm lint, k8s/ equal to what the chart renders (drift), the contract
#      checks on rendered variants (KEDA off or its CRDs missing, external stores, existing Secrets, auth and
#      NetworkPolicy off, ingress NetworkPolicies), the monitoring objects only with their CRDs, Pod Security on every
#      variant, misspelt values refused by the schema, refused values, and generated credentials kept across
#      upgrades (helm/check_kept_secrets.py:
#      `lookup` answered by a fake Kubernetes API server on 127.0.0.1);
#   5. with NODE_PATH pointing at the npm packages kubernetes-models, @kubernetes-models/keda,
#      @kubernetes-models/prometheus-operator and js-yaml:
#      Kubernetes/KEDA schema validation of k8s/ and the variants (helm/validate_schemas.cjs).
# Steps 4 and 5 are skipped, with a line saying so, when their tools are missing. Needs bash, Python 3 and PyYAML.
set -euo pipefail
cd "$(dirname "$0")/.."
HELM=${HELM:-helm}
failed=0
fail() { echo "FAIL $*" >&2; failed=1; }

echo "== 1. syntax"
python3 - <<'PY' || failed=1
import glob, json, sys, yaml
files = sorted(glob.glob("k8s/*.yaml") + glob.glob("k8s/without-keda/*.yaml") + glob.glob("helm/ci/*.yaml")
               + glob.glob("docker/monitoring/grafana/provisioning/*/*.yml") + glob.glob(".github/workflows/*.yml")
               + ["helm/knowledgehub/files/alerts.yaml"]
               + ["docker/docker-compose.yml", "docker/monitoring/prometheus.yml", "helm/knowledgehub/Chart.yaml",
                  "helm/knowledgehub/values.yaml", ".github/workflows/images.yml", ".github/workflows/helm.yml"])
bad = 0
for f in files:
    try:
        with open(f) as fh:
            list(yaml.safe_load_all(fh))
    except (OSError, yaml.YAMLError) as e:
        print(f"FAIL {f}: {e}", file=sys.stderr); bad += 1
for j in ("helm/knowledgehub/values.schema.json", "helm/knowledgehub/files/dashboards/knowledgehub.json"):
    try:
        json.load(open(j))
    except (OSError, ValueError) as e:
        print(f"FAIL {j}: {e}", file=sys.stderr); bad += 1
print(f"{len(files) + 2} files parsed, {bad} invalid")
sys.exit(1 if bad else 0)
PY

echo "== 2. k8s/ contract"
# k8s/ reads every credential from the Secret "knowledgehub" that the user creates first (k8s/README.md).
python3 helm/check_manifests.py --expect keda --existing-secret knowledgehub k8s/ || failed=1
# k8s/without-keda/ replaces keda.yaml: check the set a user applies without KEDA.
mapfile -t without_keda < <(find k8s -maxdepth 1 -name '*.yaml' ! -name keda.yaml | sort)
python3 helm/check_manifests.py --expect hpa --existing-secret knowledgehub "${without_keda[@]}" k8s/without-keda/ || failed=1
if grep -rniE 'change-?me|kind: Secret' k8s/ --include='*.yaml' >&2; then
  fail "k8s/ holds a Secret or a placeholder password: credentials come from a Secret made beforehand"
fi

echo "== 3. pod security, schema strictness, dashboard and alert metric names (static)"
python3 helm/check_pod_security.py k8s/ || failed=1
python3 helm/strict_schema.py --check || failed=1
python3 helm/check_monitoring.py || failed=1

echo "== 3b. docker/"
python3 docker/check_docker.py || failed=1

echo "== 4. chart (helm)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if command -v "$HELM" >/dev/null 2>&1; then
  chart=helm/knowledgehub
  "$HELM" lint --strict "$chart" >"$tmp/lint.txt" 2>&1 || { cat "$tmp/lint.txt" >&2; fail "helm lint"; }
  "$HELM" lint --strict "$chart" -f helm/ci/external-values.yaml >"$tmp/lint.txt" 2>&1 \
    || { cat "$tmp/lint.txt" >&2; fail "helm lint (external values)"; }
  HELM="$HELM" helm/render.sh "$tmp/k8s" >/dev/null
  if diff -ru -x README.md k8s "$tmp/k8s" >"$tmp/drift.diff"; then
    echo "k8s/ is what the chart renders with default values"
  else
    head -60 "$tmp/drift.diff" >&2
    fail "k8s/ differs from the chart's rendering: run helm/render.sh"
  fi
  mkdir -p "$tmp/variants"
  # KEDA's ScaledObjects are rendered only when its CRDs exist: the variants below stand for a cluster with KEDA.
  keda=(--api-versions keda.sh/v1alpha1/ScaledObject)
  "$HELM" template kh "$chart" "${keda[@]}" >"$tmp/variants/default.yaml"
  "$HELM" template kh "$chart" --set keda.enabled=false >"$tmp/variants/without-keda.yaml"
  "$HELM" template kh "$chart" "${keda[@]}" -f helm/ci/external-values.yaml >"$tmp/variants/external.yaml"
  "$HELM" template kh "$chart" "${keda[@]}" --set secrets.existingSecret=kh-credentials,auth.existingSecret=kh-credentials \
    >"$tmp/variants/existing-secret.yaml"
  "$HELM" template kh "$chart" "${keda[@]}" --set crawler.autoscaling.enabled=false,indexer.autoscaling.enabled=false \
    >"$tmp/variants/fixed-replicas.yaml"
  "$HELM" template kh "$chart" "${keda[@]}" --set auth.enabled=false,networkPolicy.enabled=false,api.managementPort=0,ingress.enabled=true \
    >"$tmp/variants/open.yaml"
  "$HELM" template kh "$chart" "${keda[@]}" --set networkPolicy.ingress.enabled=true,ingress.enabled=true,ingress.securityHeadersSnippet=true \
    >"$tmp/variants/ingress-policies.yaml"
  python3 helm/check_manifests.py --expect keda "$tmp/variants/default.yaml" || failed=1
  python3 helm/check_manifests.py --expect hpa "$tmp/variants/without-keda.yaml" || failed=1
  python3 helm/check_manifests.py --expect keda --allowed-cidr 10.20.0.0/16 --allowed-cidr 10.0.5.0/24 \
    "$tmp/variants/external.yaml" || failed=1
  python3 helm/check_manifests.py --expect keda --existing-secret kh-credentials "$tmp/variants/existing-secret.yaml" || failed=1
  python3 helm/check_manifests.py --expect none "$tmp/variants/fixed-replicas.yaml" || failed=1
  python3 helm/check_manifests.py --expect keda --auth off --network-policy off "$tmp/variants/open.yaml" || failed=1
  python3 helm/check_manifests.py --expect keda "$tmp/variants/ingress-policies.yaml" || failed=1
  # KEDA only where its CRDs are: a cluster without them gets the CPU HorizontalPodAutoscalers.
  "$HELM" template kh "$chart" >"$tmp/variants/no-keda-crds.yaml"
  python3 helm/check_manifests.py --expect hpa "$tmp/variants/no-keda-crds.yaml" || failed=1
  # Monitoring: the Prometheus Operator's objects only where its CRDs are (or monitoring.force).
  "$HELM" template kh "$chart" "${keda[@]}" --api-versions monitoring.coreos.com/v1/PodMonitor \
    --api-versions monitoring.coreos.com/v1/PrometheusRule >"$tmp/variants/monitoring.yaml"
  python3 - "$tmp/variants/monitoring.yaml" "$tmp/variants/default.yaml" <<'PY' || failed=1
import json, sys, yaml
with_crds = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
without = [d for d in yaml.safe_load_all(open(sys.argv[2])) if d]
bad = []
monitors = {d["metadata"]["name"]: d for d in with_crds if d["kind"] == "PodMonitor"}
if sorted(monitors) != ["kh-knowledgehub-api", "kh-knowledgehub-crawler", "kh-knowledgehub-indexer"]:
    bad.append(f"PodMonitors {sorted(monitors)}: want one for the api, the crawler and the indexer")
for name, m in monitors.items():
    ep = m["spec"]["podMetricsEndpoints"][0]
    want = "management" if name.endswith("-api") else "http"
    if ep.get("port") != want or ep.get("path") != "/metrics":
        bad.append(f"PodMonitor {name} scrapes {ep.get('port')}{ep.get('path')}, want port {want} /metrics")
    if not any(r.get("targetLabel") == "kh_service" for r in ep.get("relabelings", [])):
        bad.append(f"PodMonitor {name} sets no kh_service label (the dashboard and the alerts select on it)")
rules = [d for d in with_crds if d["kind"] == "PrometheusRule"]
alerts = {r["alert"] for d in rules for g in d["spec"]["groups"] for r in g["rules"]}
for want in ("KnowledgeHubApiErrorRate", "KnowledgeHubQueueBacklogGrowing", "KnowledgeHubJobsFailing",
             "KnowledgeHubSearchLatencyHigh", "KnowledgeHubWorkerDown"):
    if want not in alerts:
        bad.append(f"no alert {want} in the PrometheusRule")
if any(d["kind"] in ("PodMonitor", "PrometheusRule") for d in without):
    bad.append("PodMonitor / PrometheusRule rendered on a cluster without the monitoring.coreos.com CRDs")
dash = [d for d in without if d["kind"] == "ConfigMap" and d["metadata"].get("labels", {}).get("grafana_dashboard") == "1"]
if len(dash) != 1:
    bad.append("no ConfigMap labelled grafana_dashboard=1")
else:
    panels = json.loads(dash[0]["data"]["knowledgehub.json"])["panels"]
    titles = " ".join(p["title"] for p in panels)
    for want in ("API response time", "Request rate", "Error rate", "Queue depths", "Crawled pages", "Indexed",
                 "Search latency", "cache hit rate"):
        if want not in titles:
            bad.append(f"the dashboard has no panel {want!r}")
for b in bad:
    print(f"FAIL monitoring: {b}", file=sys.stderr)
if not bad:
    print(f"monitoring: dashboard ConfigMap, {len(monitors)} PodMonitors and {len(alerts)} alerts, only with the CRDs: OK")
sys.exit(1 if bad else 0)
PY
  # The backup CronJob (off by default): pg_dump of DATABASE_URL from the credentials Secret onto the chart's claim
  # (kept on uninstall) or the user's.
  "$HELM" template kh "$chart" "${keda[@]}" --set backup.enabled=true >"$tmp/variants/backup.yaml"
  "$HELM" template kh "$chart" "${keda[@]}" --set backup.enabled=true,backup.persistence.existingClaim=kh-dumps \
    --set secrets.existingSecret=kh-credentials,auth.existingSecret=kh-credentials >"$tmp/variants/backup-existing.yaml"
  python3 helm/check_manifests.py --expect keda "$tmp/variants/backup.yaml" || failed=1
  python3 - "$tmp/variants/default.yaml" "$tmp/variants/backup.yaml" "$tmp/variants/backup-existing.yaml" <<'PY' || failed=1
import sys, yaml
def docs(path):
    return [d for d in yaml.safe_load_all(open(path)) if d]
bad = []
if any(d["metadata"]["name"].endswith("-backup") for d in docs(sys.argv[1])):
    bad.append("the backup CronJob or its claim is rendered with default values")
for path, secret, claim, made in ((sys.argv[2], "kh-knowledgehub", "kh-knowledgehub-backup", True),
                                  (sys.argv[3], "kh-credentials", "kh-dumps", False)):
    ds = docs(path)
    jobs = [d for d in ds if d["kind"] == "CronJob" and d["metadata"]["name"] == "kh-knowledgehub-backup"]
    pvcs = [d for d in ds if d["kind"] == "PersistentVolumeClaim" and d["metadata"]["name"] == "kh-knowledgehub-backup"]
    if len(jobs) != 1:
        bad.append(f"{path}: no backup CronJob"); continue
    pod = jobs[0]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    c = pod["containers"][0]
    env = {e["name"]: e for e in c.get("env", [])}
    ref = env.get("DATABASE_URL", {}).get("valueFrom", {}).get("secretKeyRef", {})
    if ref.get("name") != secret or ref.get("key") != "DATABASE_URL":
        bad.append(f"{path}: the backup reads DATABASE_URL from {ref}, want Secret {secret}")
    if "pg_dump" not in " ".join(c.get("command", []) + c.get("args", [])):
        bad.append(f"{path}: the backup container does not run pg_dump")
    vols = {v["name"]: v for v in pod["volumes"]}
    if vols.get("backups", {}).get("persistentVolumeClaim", {}).get("claimName") != claim:
        bad.append(f"{path}: the dumps go to {vols.get('backups')}, want claim {claim}")
    if jobs[0]["spec"].get("concurrencyPolicy") != "Forbid":
        bad.append(f"{path}: two backups may run at once")
    if made != bool(pvcs):
        bad.append(f"{path}: the chart's claim is {'missing' if made else 'rendered although an existing claim is set'}")
    if pvcs and pvcs[0]["metadata"].get("annotations", {}).get("helm.sh/resource-policy") != "keep":
        bad.append(f"{path}: helm uninstall would delete the backup claim")
for b in bad:
    print(f"FAIL backup: {b}", file=sys.stderr)
if not bad:
    print("backup: CronJob only when enabled, pg_dump of DATABASE_URL from the credentials Secret onto a kept claim: OK")
sys.exit(1 if bad else 0)
PY
  # Pod Security "restricted" and a read-only root filesystem on every pod of every variant.
  python3 helm/check_pod_security.py "$tmp/variants" || failed=1
  # values.schema.json refuses unknown keys: a typo fails instead of being ignored.
  for typo in "api.replicaCont=2" "weaviat.enabled=false" "monitoring.podMonitor.enabled=true" \
              "crawler.keda.listname=x" "containerSecurityContext.readOnlyRootFileSystem=false"; do
    if "$HELM" template kh "$chart" --set "$typo" >/dev/null 2>&1; then fail "helm template accepted the misspelt --set $typo"; fi
  done
  # Values that must be refused with a message rather than rendered into something broken.
  for bad in "postgresql.enabled=false" "redis.enabled=false" "weaviate.enabled=false" "api.replicaCount=many" \
             "auth.enabled=maybe" "crawler.allowedNetworks={intranet}"; do
    if "$HELM" template kh "$chart" --set "$bad" >/dev/null 2>&1; then fail "helm template accepted --set $bad"; fi
  done
  # Generated passwords and keys: made with lookup of the existing Secret, so an upgrade keeps them.
  grep -q 'lookup "v1" "Secret"' "$chart/templates/_helpers.tpl" || fail "the chart does not look up existing Secrets"
  if "$HELM" template --help | grep -q -- '--dry-run'; then
    HELM="$HELM" python3 helm/check_kept_secrets.py || failed=1
  else
    echo "SKIPPED: kept credentials (this helm has no helm template --dry-run=server; 3.13 or newer has)"
  fi
else
  echo "SKIPPED: no helm binary (install helm 3.8+ or set HELM=...): no lint, no drift check of k8s/, no variants"
fi

echo "== 5. schemas"
if node -e "require('kubernetes-models'); require('@kubernetes-models/keda'); require('@kubernetes-models/prometheus-operator'); require('js-yaml')" >/dev/null 2>&1; then
  targets=(k8s/ k8s/without-keda/)
  [ -d "$tmp/variants" ] && targets+=("$tmp/variants")
  node helm/validate_schemas.cjs "${targets[@]}" || failed=1
else
  echo "SKIPPED: Kubernetes schemas (npm install kubernetes-models@4 @kubernetes-models/keda@0.4 @kubernetes-models/prometheus-operator@4 js-yaml, then NODE_PATH=.../node_modules)"
fi

if [ "$failed" -ne 0 ]; then
  echo "check.sh: FAILED" >&2
  exit 1
fi
echo "check.sh: all checks passed"
