#!/usr/bin/env node
// Validates rendered manifests against the Kubernetes OpenAPI schemas shipped in the npm packages kubernetes-models,
// @kubernetes-models/keda (KEDA's CRDs) and @kubernetes-models/prometheus-operator (PodMonitor, PrometheusRule): the offline stand-in for kubeconform where no kubeconform binary can be
// had. Usage (the packages installed anywhere, e.g. a scratch folder):
//   npm install --prefix /tmp/kh-schemas kubernetes-models@4 @kubernetes-models/keda@0.4 \
//     @kubernetes-models/prometheus-operator@4 js-yaml   (CommonJS builds;
//   the 5.x / 2.x majors are ESM-only and need Node 22)
//   NODE_PATH=/tmp/kh-schemas/node_modules node helm/validate_schemas.cjs k8s/ k8s/without-keda/
// Exit 1 with one line per invalid object. It checks types, enums and required fields; unknown (misspelt) field
// names pass here: kubeconform -strict catches those in CI (.github/workflows/helm.yml).
'use strict';
const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');

function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const module = group === 'keda.sh' ? `@kubernetes-models/keda/keda.sh/${version}`
    : group === 'monitoring.coreos.com' ? `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}`
    : group === '' ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  try {
    return require(module)[kind];
  } catch (e) {
    return undefined;
  }
}

const files = process.argv.slice(2).flatMap((p) => fs.statSync(p).isDirectory()
  ? fs.readdirSync(p).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(p, f)) : [p]);
let ok = 0;
let bad = 0;
for (const file of files) {
  for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8'))) {
    if (!doc) continue;
    const where = `${file} ${doc.kind}/${doc.metadata && doc.metadata.name}`;
    const Model = modelFor(doc.apiVersion || '', doc.kind || '');
    if (!Model) {
      console.error(`FAIL ${where}: no schema for ${doc.apiVersion} ${doc.kind}`);
      bad++;
      continue;
    }
    try {
      new Model(doc).validate();
      ok++;
    } catch (e) {
      console.error(`FAIL ${where}: ${e.message}`);
      bad++;
    }
  }
}
console.log(`${ok} valid, ${bad} invalid`);
process.exit(bad ? 1 : 0);
