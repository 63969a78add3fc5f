#!/usr/bin/env bash
# Renders the chart with its default values into k8s/ (one file per template, plain YAML for `kubectl apply -f k8s/`),
# and the CPU HorizontalPodAutoscalers that replace KEDA (--set keda.enabled=false) into k8s/without-keda/.
# Credentials are not rendered: static files cannot generate and keep passwords as the chart does, so k8s/ reads them
# from a Secret named "knowledgehub" that the user creates first (k8s/README.md shows how).
# Usage: helm/render.sh [OUTPUT_DIR]   (default: k8s/ at the repository root; HELM=path/to/helm picks the binary)
# Needs helm 3.8+ (or 4) and Python 3.
set -euo pipefail
cd "$(dirname "$0")/.."
HELM=${HELM:-helm}
out=${1:-k8s}
chart=helm/knowledgehub
release=knowledgehub

command -v "$HELM" >/dev/null 2>&1 || { echo "render.sh: no helm binary found (install helm or set HELM=...)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
secret=(--set "secrets.existingSecret=$release,auth.existingSecret=$release")
# As on a cluster with KEDA (its ScaledObjects are rendered only when the keda.sh CRDs exist) and without the
# Prometheus Operator (no PodMonitor / PrometheusRule; the Grafana dashboard ConfigMap is rendered).
"$HELM" template "$release" "$chart" --skip-tests "${secret[@]}" --api-versions keda.sh/v1alpha1/ScaledObject >"$tmp/default.yaml"
"$HELM" template "$release" "$chart" "${secret[@]}" --set keda.enabled=false --show-only templates/hpa.yaml >"$tmp/without-keda.yaml"

mkdir -p "$out/without-keda"
find "$out" -maxdepth 2 -name '*.yaml' -delete
python3 - "$tmp/default.yaml" "$out" "default values; credentials from a Secret made beforehand, see k8s/README.md" \
          "$tmp/without-keda.yaml" "$out/without-keda" "--set keda.enabled=false, templates/hpa.yaml only" <<'PY'
import re, sys
args = sys.argv[1:]
for src, dest, how in zip(args[0::3], args[1::3], args[2::3]):
    files = {}
    for doc in re.split(r'^---\s*$', open(src).read(), flags=re.M):
        m = re.search(r'^# Source: [^/]+/templates/(.+)$', doc, flags=re.M)
        if not m or not doc.replace(m.group(0), '').strip():
            continue
        files.setdefault(m.group(1).replace('/', '-'), []).append(doc.strip('\n'))
    for name, docs in files.items():
        with open(f"{dest}/{name}", "w") as f:
            f.write(f"# Rendered from helm/knowledgehub ({how}) by helm/render.sh: do not edit, change the chart and run it again.\n")
            f.write("\n".join(f"---\n{d}" for d in docs) + "\n")
PY
echo "rendered $(find "$out" -maxdepth 1 -name '*.yaml' | wc -l) files into $out/ and $(find "$out/without-keda" -name '*.yaml' | wc -l) into $out/without-keda/"
