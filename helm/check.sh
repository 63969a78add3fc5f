#!/usr/bin/env bash
# Checks the deployment files without a cluster, a Docker engine or network access:
#   1. YAML/JSON syntax of k8s/, docker/, the chart's values and metadata, helm/ci/ and the workflows;
#   2. the chart/spec contract on k8s/ (helm/check_manifests.py: names, images, probes on /health, ports 3000/3101/9090,
#      Secret/ConfigMap references, KEDA listName crawl_jobs:pending / rag_jobs:pending, Prometheus annotations; and
#      security: the api's KH_AUTH_ENABLED / KH_ADMIN_API_KEY / SECRET_KEY / rate limits, /metrics on the management
#      port and never routed by an Ingress, Redis with --requirepass, no default password, the crawler's egress
#      NetworkPolicy closing private / cluster-internal / metadata ranges, the Ingress rate limits);
#   3. docker/ (docker/check_docker.py: Dockerfiles and docker-compose.yml);
#   4. with helm (on PATH, or HELM=...): helm lint, k8s/ equal to what the chart renders (drift), the contract
#      checks on rendered variants (KEDA off, external stores, existing Secrets, auth and NetworkPolicy off, ingress
#      NetworkPolicies), refused values, and generated credentials kept across upgrades (helm/check_kept_secrets.py:
#      `lookup` answered by a fake Kubernetes API server on 127.0.0.1);
#   5. with NODE_PATH pointing at the npm packages kubernetes-models, @kubernetes-models/keda and js-yaml:
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
               + ["docker/docker-compose.yml", "docker/monitoring/prometheus.yml", "helm/knowledgehub/Chart.yaml",
                  "helm/knowledgehub/values.yaml", ".github/workflows/images.yml", ".github/workflows/helm.yml"])
bad = 0
for f in files:
    try:
        with open(f) as fh:
            list(yaml.safe_load_all(fh))
    except (OSError, yaml.YAMLError) as e:
        print(f"FAIL {f}: {e}", file=sys.stderr); bad += 1
try:
    json.load(open("helm/knowledgehub/values.schema.json"))
except (OSError, ValueError) as e:
    print(f"FAIL helm/knowledgehub/values.schema.json: {e}", file=sys.stderr); bad += 1
print(f"{len(files) + 1} files parsed, {bad} invalid")
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

echo "== 3. docker/"
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
  "$HELM" template kh "$chart" >"$tmp/variants/default.yaml"
  "$HELM" template kh "$chart" --set keda.enabled=false >"$tmp/variants/without-keda.yaml"
  "$HELM" template kh "$chart" -f helm/ci/external-values.yaml >"$tmp/variants/external.yaml"
  "$HELM" template kh "$chart" --set secrets.existingSecret=kh-credentials,auth.existingSecret=kh-credentials \
    >"$tmp/variants/existing-secret.yaml"
  "$HELM" template kh "$chart" --set crawler.autoscaling.enabled=false,indexer.autoscaling.enabled=false \
    >"$tmp/variants/fixed-replicas.yaml"
  "$HELM" template kh "$chart" --set auth.enabled=false,networkPolicy.enabled=false,api.managementPort=0,ingress.enabled=true \
    >"$tmp/variants/open.yaml"
  "$HELM" template kh "$chart" --set networkPolicy.ingress.enabled=true,ingress.enabled=true,ingress.securityHeadersSnippet=true \
    >"$tmp/variants/ingress-policies.yaml"
  python3 helm/check_manifests.py --expect keda "$tmp/variants/default.yaml" || failed=1
  python3 helm/check_manifests.py --expect hpa "$tmp/variants/without-keda.yaml" || failed=1
  python3 helm/check_manifests.py --expect keda --allowed-cidr 10.20.0.0/16 --allowed-cidr 10.0.5.0/24 \
    "$tmp/variants/external.yaml" || failed=1
  python3 helm/check_manifests.py --expect keda --existing-secret kh-credentials "$tmp/variants/existing-secret.yaml" || failed=1
  python3 helm/check_manifests.py --expect none "$tmp/variants/fixed-replicas.yaml" || failed=1
  python3 helm/check_manifests.py --expect keda --auth off --network-policy off "$tmp/variants/open.yaml" || failed=1
  python3 helm/check_manifests.py --expect keda "$tmp/variants/ingress-policies.yaml" || failed=1
  # Values that must be refused with a message rather than rendered into something broken.
  for bad in "postgresql.enabled=false" "redis.enabled=false" "weaviate.url=" "api.replicaCount=many" \
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
if node -e "require('kubernetes-models'); require('@kubernetes-models/keda'); require('js-yaml')" >/dev/null 2>&1; then
  targets=(k8s/ k8s/without-keda/)
  [ -d "$tmp/variants" ] && targets+=("$tmp/variants")
  node helm/validate_schemas.cjs "${targets[@]}" || failed=1
else
  echo "SKIPPED: Kubernetes schemas (npm install kubernetes-models@4 @kubernetes-models/keda@0.4 js-yaml, then NODE_PATH=.../node_modules)"
fi

if [ "$failed" -ne 0 ]; then
  echo "check.sh: FAILED" >&2
  exit 1
fi
echo "check.sh: all checks passed"
