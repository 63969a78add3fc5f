{{/* Names */}}

{{- define "knowledgehub.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The prefix of every resource name: the release name, plus the chart name unless it is already in it. */}}
{{- define "knowledgehub.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's resources: call with (list $ "api"). */}}
{{- define "knowledgehub.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "knowledgehub.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "knowledgehub.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels */}}

{{- define "knowledgehub.labels" -}}
helm.sh/chart: {{ include "knowledgehub.chart" . }}
app.kubernetes.io/name: {{ include "knowledgehub.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: knowledgehub
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels of one component: call with (list $ "api"). */}}
{{- define "knowledgehub.componentLabels" -}}
{{ include "knowledgehub.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Selector labels of one component (never change: they are immutable in Deployments): call with (list $ "api"). */}}
{{- define "knowledgehub.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "knowledgehub.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* metadata.annotations from commonAnnotations, or nothing. */}}
{{- define "knowledgehub.annotations" -}}
{{- with .Values.commonAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Images */}}

{{/* registry/repository:tag or registry/repository@digest; call with (list $ .Values.api.image). */}}
{{- define "knowledgehub.image" -}}
{{- $root := index . 0 -}}
{{- $image := index . 1 -}}
{{- $repo := $image.repository -}}
{{- if $image.registry -}}
{{- $repo = printf "%s/%s" $image.registry $image.repository -}}
{{- end -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repo $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (toString (default $root.Chart.AppVersion $image.tag)) -}}
{{- end -}}
{{- end -}}

{{/*
The api's or the indexer's image: its "-lean" variant (no in-process embedding model, about 300 MB smaller) when the
services embed through the inference server (TRANSFORMERS_INFERENCE_API set) and transformers.leanImages is on;
otherwise the full image. Call with (list $ .Values.api.image).
*/}}
{{- define "knowledgehub.embedderImage" -}}
{{- $root := index . 0 -}}
{{- $image := index . 1 -}}
{{- if and $root.Values.transformers.leanImages (include "knowledgehub.inferenceUrl" $root) -}}
{{- $image = merge (dict "repository" (printf "%s-lean" $image.repository)) $image -}}
{{- end -}}
{{- include "knowledgehub.image" (list $root $image) -}}
{{- end -}}

{{- define "knowledgehub.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "knowledgehub.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Configuration and credentials */}}

{{- define "knowledgehub.configMapName" -}}
{{- printf "%s-config" (include "knowledgehub.fullname" .) -}}
{{- end -}}

{{- define "knowledgehub.secretName" -}}
{{- default (include "knowledgehub.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* The Secret with KH_ADMIN_API_KEY and SECRET_KEY: auth.existingSecret, or the chart's <fullname>-auth. */}}
{{- define "knowledgehub.authSecretName" -}}
{{- default (printf "%s-auth" (include "knowledgehub.fullname" .)) .Values.auth.existingSecret -}}
{{- end -}}

{{/*
A credential of a chart-made Secret: the value given in values.yaml, else the one the Secret already holds in the
cluster (lookup: an upgrade keeps what the first install generated), else a new random one (crypto/rand).
Call with (dict "root" $ "secret" NAME "key" KEY "value" GIVEN "length" N "prefix" "kh_").
Each value is computed once per render and reused (the Secret, the URLs built from it and the checksum annotations
must agree), so it is cached in a map under .Values. `helm template` and `--dry-run=client` cannot look up, so they
show fresh random values each time.
*/}}
{{- define "knowledgehub.keptSecret" -}}
{{- $root := .root -}}
{{- if not (hasKey $root.Values "_khCredentials") -}}
{{- $_ := set $root.Values "_khCredentials" dict -}}
{{- end -}}
{{- $cache := index $root.Values "_khCredentials" -}}
{{- $id := printf "%s/%s" .secret .key -}}
{{- if not (hasKey $cache $id) -}}
{{- $value := toString (default "" .value) -}}
{{- if not $value -}}
{{- $existing := lookup "v1" "Secret" $root.Release.Namespace .secret -}}
{{- $data := dig "data" dict ($existing | default dict) -}}
{{- if index $data .key -}}
{{- $value = index $data .key | b64dec -}}
{{- else -}}
{{- $value = printf "%s%s" (default "" .prefix) (randAlphaNum (int .length)) -}}
{{- end -}}
{{- end -}}
{{- $_ := set $cache $id $value -}}
{{- end -}}
{{- index $cache $id -}}
{{- end -}}

{{- define "knowledgehub.postgresPassword" -}}
{{- include "knowledgehub.keptSecret" (dict "root" . "secret" (include "knowledgehub.secretName" .) "key" "POSTGRES_PASSWORD" "value" .Values.postgresql.auth.password "length" 32) -}}
{{- end -}}

{{/* Percent-encodes a URL user or password (urlquery writes a space as "+", a URL's user info needs %20). */}}
{{- define "knowledgehub.urlEscape" -}}
{{- urlquery . | replace "+" "%20" -}}
{{- end -}}

{{/* DATABASE_URL: postgresql://user:password@host:port/database[?params] */}}
{{- define "knowledgehub.databaseUrl" -}}
{{- if .Values.postgresql.enabled -}}
{{- $a := .Values.postgresql.auth -}}
{{- printf "postgresql://%s:%s@%s:5432/%s" (include "knowledgehub.urlEscape" $a.username) (include "knowledgehub.urlEscape" (include "knowledgehub.postgresPassword" .)) (include "knowledgehub.componentName" (list . "postgresql")) $a.database -}}
{{- else -}}
{{- $db := .Values.externalDatabase -}}
{{- if not $db.host -}}
{{- fail "postgresql.enabled is false: set externalDatabase.host (or secrets.existingSecret with DATABASE_URL)" -}}
{{- end -}}
{{- $auth := include "knowledgehub.urlEscape" $db.username -}}
{{- if $db.password -}}
{{- $auth = printf "%s:%s" $auth (include "knowledgehub.urlEscape" $db.password) -}}
{{- end -}}
{{- printf "postgresql://%s@%s:%v/%s" $auth $db.host $db.port $db.database -}}
{{- with $db.params -}}?{{ . }}{{- end -}}
{{- end -}}
{{- end -}}

{{- define "knowledgehub.redisHost" -}}
{{- if .Values.redis.enabled -}}
{{- include "knowledgehub.componentName" (list . "redis") -}}
{{- else -}}
{{- required "redis.enabled is false: set externalRedis.host (KEDA needs it even with secrets.existingSecret)" .Values.externalRedis.host -}}
{{- end -}}
{{- end -}}

{{- define "knowledgehub.redisPort" -}}
{{- if .Values.redis.enabled -}}6379{{- else -}}{{ .Values.externalRedis.port }}{{- end -}}
{{- end -}}

{{- define "knowledgehub.redisDatabase" -}}
{{- if .Values.redis.enabled -}}0{{- else -}}{{ .Values.externalRedis.database }}{{- end -}}
{{- end -}}

{{- define "knowledgehub.redisTls" -}}
{{- if and (not .Values.redis.enabled) .Values.externalRedis.tls -}}true{{- end -}}
{{- end -}}

{{/* "true" when Redis asks for a password. */}}
{{- define "knowledgehub.redisAuth" -}}
{{- if .Values.redis.enabled -}}
{{- if .Values.redis.auth.enabled -}}true{{- end -}}
{{- else if .Values.externalRedis.password -}}true{{- end -}}
{{- end -}}

{{/* The Redis password of the chart-made Secret (generated and kept for the bundled Redis), or nothing. */}}
{{- define "knowledgehub.redisPassword" -}}
{{- if .Values.redis.enabled -}}
{{- if .Values.redis.auth.enabled -}}
{{- include "knowledgehub.keptSecret" (dict "root" . "secret" (include "knowledgehub.secretName" .) "key" "REDIS_PASSWORD" "value" .Values.redis.auth.password "length" 32) -}}
{{- end -}}
{{- else -}}
{{- .Values.externalRedis.password -}}
{{- end -}}
{{- end -}}

{{- define "knowledgehub.redisUsername" -}}
{{- if not .Values.redis.enabled -}}{{ .Values.externalRedis.username }}{{- end -}}
{{- end -}}

{{/* REDIS_URL: redis[s]://[[user]:password@]host:port/database */}}
{{- define "knowledgehub.redisUrl" -}}
{{- $scheme := ternary "rediss" "redis" (eq (include "knowledgehub.redisTls" .) "true") -}}
{{- $password := include "knowledgehub.redisPassword" . -}}
{{- $auth := "" -}}
{{- if $password -}}
{{- $auth = printf "%s:%s@" (include "knowledgehub.urlEscape" (include "knowledgehub.redisUsername" .)) (include "knowledgehub.urlEscape" $password) -}}
{{- end -}}
{{- printf "%s://%s%s:%s/%s" $scheme $auth (include "knowledgehub.redisHost" .) (include "knowledgehub.redisPort" .) (include "knowledgehub.redisDatabase" .) -}}
{{- end -}}

{{/* "true" when KEDA must log in to Redis with the Secret's REDIS_PASSWORD. */}}
{{- define "knowledgehub.kedaRedisAuth" -}}
{{- if and .Values.redis.enabled .Values.redis.auth.enabled -}}true
{{- else if .Values.secrets.existingSecret -}}
{{- if .Values.keda.redisPasswordFromExistingSecret -}}true{{- end -}}
{{- else if include "knowledgehub.redisAuth" . -}}true{{- end -}}
{{- end -}}

{{/* TRANSFORMERS_INFERENCE_API, or nothing when the services embed in process. */}}
{{- define "knowledgehub.inferenceUrl" -}}
{{- if .Values.transformers.enabled -}}
{{- printf "http://%s:8080" (include "knowledgehub.componentName" (list . "t2v-transformers")) -}}
{{- else -}}
{{- .Values.transformers.url -}}
{{- end -}}
{{- end -}}

{{/* Pod parts shared by the KnowledgeHub services */}}

{{/* Annotations that restart pods when the configuration or the chart-made Secret changes. */}}
{{- define "knowledgehub.configChecksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if not .Values.secrets.existingSecret }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end -}}

{{/* Prometheus scrape annotations; call with (list $ port). */}}
{{- define "knowledgehub.scrapeAnnotations" -}}
prometheus.io/scrape: "true"
prometheus.io/path: /metrics
prometheus.io/port: {{ index . 1 | quote }}
{{- end -}}

{{/* Environment of every KnowledgeHub container: credentials from the Secret, then the component's own.
     Call with (list $ .Values.api). */}}
{{- define "knowledgehub.credentialsEnv" -}}
{{- $root := index . 0 -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "knowledgehub.secretName" $root }}
      key: DATABASE_URL
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "knowledgehub.secretName" $root }}
      key: REDIS_URL
- name: WEAVIATE_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "knowledgehub.secretName" $root }}
      key: WEAVIATE_API_KEY
      optional: true
{{- end -}}

{{/* JAVA_OPTS_APPEND and extraEnv of a component; call with (list $ .Values.api). */}}
{{- define "knowledgehub.extraEnv" -}}
{{- $values := index . 1 -}}
{{- with $values.javaOpts }}
- name: JAVA_OPTS_APPEND
  value: {{ . | quote }}
{{- end }}
{{- with $values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "knowledgehub.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext -}}
{{- end -}}

{{- define "knowledgehub.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext -}}
{{- end -}}

{{/* nodeSelector, tolerations, affinity, topologySpreadConstraints of a pod spec; call with a values block. */}}
{{- define "knowledgehub.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "knowledgehub.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* KH_CRAWLER_ALLOWED_NETWORKS: crawler.allowedNetworks, comma-separated; each must be a CIDR (the NetworkPolicy
     opens the same ranges). */}}
{{- define "knowledgehub.allowedNetworks" -}}
{{- range .Values.crawler.allowedNetworks -}}
{{- if not (regexMatch "^[0-9a-fA-F.:]+/[0-9]{1,3}$" (toString .)) -}}
{{- fail (printf "crawler.allowedNetworks: %q is not a CIDR range; write it like 10.20.0.0/16, or 10.20.1.5/32 for one address" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- join "," .Values.crawler.allowedNetworks -}}
{{- end -}}

{{/* Environment shared by the crawler and the api (which checks source URLs with the same rule). */}}
{{- define "knowledgehub.crawlerGuardEnv" -}}
{{- with include "knowledgehub.allowedNetworks" . }}
- name: KH_CRAWLER_ALLOWED_NETWORKS
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* "true" when the ScaledObjects are rendered: keda.enabled and KEDA's CRDs in the cluster (or keda.force). */}}
{{- define "knowledgehub.useKeda" -}}
{{- if and .Values.keda.enabled (or .Values.keda.force (.Capabilities.APIVersions.Has "keda.sh/v1alpha1/ScaledObject")) -}}true{{- end -}}
{{- end -}}

{{/* Scratch volumes of a KnowledgeHub pod, whose root filesystem is read-only. */}}
{{- define "knowledgehub.scratchVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.scratch.tmpSizeLimit }}
- name: data
  emptyDir:
    sizeLimit: {{ .Values.scratch.dataSizeLimit }}
- name: home
  emptyDir:
    sizeLimit: {{ .Values.scratch.dataSizeLimit }}
{{- end -}}

{{/* Where they are mounted: java.io.tmpdir (native libraries of ONNX Runtime and the tokenizer), KH_DATA_DIR, HOME. */}}
{{- define "knowledgehub.scratchMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /deployments/data
- name: home
  mountPath: /home/kh
{{- end -}}

{{/* The preStop pause of a serving container; call with a component's values. */}}
{{- define "knowledgehub.preStop" -}}
{{- if gt (int .preStopSleepSeconds) 0 }}
lifecycle:
  preStop:
    exec:
      command: ["sleep", {{ .preStopSleepSeconds | quote }}]
{{- end }}
{{- end -}}

{{/* WEAVIATE_URL: the bundled Weaviate's Service, or weaviate.url. */}}
{{- define "knowledgehub.weaviateUrl" -}}
{{- if .Values.weaviate.enabled -}}
{{- printf "http://%s:8080" (include "knowledgehub.componentName" (list . "weaviate")) -}}
{{- else -}}
{{- required "weaviate.enabled is false: set weaviate.url (cluster mode keeps its search index in Weaviate)" .Values.weaviate.url -}}
{{- end -}}
{{- end -}}
