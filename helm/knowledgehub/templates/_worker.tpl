{{/*
The Deployment of a queue worker (crawler, indexer). Call with
(dict "root" $ "component" "crawler" "values" .Values.crawler "workersEnv" "KH_JOBS_CRAWL_WORKERS").
Workers get no Service: their HTTP port only serves /health to the probes and /metrics to Prometheus.
*/}}
{{- define "knowledgehub.workerDeployment" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $c := .component -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "knowledgehub.componentName" (list $root $c) }}
  labels:
    {{- include "knowledgehub.componentLabels" (list $root $c) | nindent 4 }}
  {{- with include "knowledgehub.annotations" $root | trim }}{{ . | nindent 2 }}{{- end }}
spec:
  {{- if not $v.autoscaling.enabled }}
  replicas: {{ $v.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "knowledgehub.selectorLabels" (list $root $c) | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "knowledgehub.selectorLabels" (list $root $c) | nindent 8 }}
        {{- with $v.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        {{- include "knowledgehub.configChecksums" $root | nindent 8 }}
        {{- if $v.metrics.enabled }}
        {{- include "knowledgehub.scrapeAnnotations" (list $root $v.containerPort) | nindent 8 }}
        {{- end }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "knowledgehub.serviceAccountName" $root }}
      automountServiceAccountToken: {{ $root.Values.serviceAccount.automountServiceAccountToken }}
      {{- with include "knowledgehub.imagePullSecrets" $root | trim }}{{ . | nindent 6 }}{{- end }}
      securityContext:
        {{- include "knowledgehub.podSecurityContext" $root | nindent 8 }}
      # A stopping worker hands its running jobs back to the queue (they resume incrementally elsewhere).
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
      containers:
        - name: {{ $c }}
          image: {{ include (ternary "knowledgehub.embedderImage" "knowledgehub.image" (eq $c "indexer")) (list $root $v.image) | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          securityContext:
            {{- include "knowledgehub.containerSecurityContext" $root | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $v.containerPort }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "knowledgehub.configMapName" $root }}
          env:
            {{- include "knowledgehub.credentialsEnv" (list $root $v) | nindent 12 }}
            - name: QUARKUS_HTTP_PORT
              value: {{ $v.containerPort | quote }}
            - name: KH_JOBS_WORKERS_ENABLED
              value: "true"
            - name: {{ .workersEnv }}
              value: {{ $v.workers | quote }}
            - name: SCHEDULER_ENABLED
              value: "false"
            - name: QUARKUS_SHUTDOWN_TIMEOUT
              value: {{ printf "%ds" (int $v.shutdownTimeoutSeconds) | quote }}
            {{- if eq $c "crawler" }}
            {{- with include "knowledgehub.crawlerGuardEnv" $root | trim }}{{ . | nindent 12 }}{{- end }}
            {{- end }}
            {{- with include "knowledgehub.extraEnv" (list $root $v) | trim }}{{ . | nindent 12 }}{{- end }}
          {{- with $v.startupProbe }}
          startupProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with $v.livenessProbe }}
          livenessProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with $v.readinessProbe }}
          readinessProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          volumeMounts:
            {{- include "knowledgehub.scratchMounts" $root | nindent 12 }}
      volumes:
        {{- include "knowledgehub.scratchVolumes" $root | nindent 8 }}
      {{- with include "knowledgehub.scheduling" $v | trim }}{{ . | nindent 6 }}{{- end }}
{{- end -}}

{{/*
The KEDA ScaledObject of a queue worker: the Redis list scaler on its pending list. Call with
(dict "root" $ "component" "crawler" "values" .Values.crawler).
*/}}
{{- define "knowledgehub.scaledObject" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $c := .component -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ include "knowledgehub.componentName" (list $root $c) }}
  labels:
    {{- include "knowledgehub.componentLabels" (list $root $c) | nindent 4 }}
  {{- with include "knowledgehub.annotations" $root | trim }}{{ . | nindent 2 }}{{- end }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "knowledgehub.componentName" (list $root $c) }}
  minReplicaCount: {{ $v.autoscaling.minReplicas }}
  maxReplicaCount: {{ $v.autoscaling.maxReplicas }}
  pollingInterval: {{ $root.Values.keda.pollingInterval }}
  cooldownPeriod: {{ $root.Values.keda.cooldownPeriod }}
  # While a scaler cannot be read (Redis or the api down), keep this many replicas rather than the last computed.
  fallback:
    failureThreshold: {{ $root.Values.keda.fallback.failureThreshold }}
    replicas: {{ $v.keda.fallbackReplicas }}
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleDown:
          # Scale down slowly, one pod at a time (a stopping worker hands its jobs back to the queue).
          stabilizationWindowSeconds: {{ $root.Values.keda.scaleDownStabilizationSeconds }}
          policies:
            - type: Pods
              value: 1
              periodSeconds: 120
  triggers:
    - type: redis
      metadata:
        address: {{ printf "%s:%s" (include "knowledgehub.redisHost" $root) (include "knowledgehub.redisPort" $root) | quote }}
        listName: {{ required (printf "%s.keda.listName is required" $c) $v.keda.listName | quote }}
        listLength: {{ $v.keda.listLength | quote }}
        activationListLength: {{ $v.keda.activationListLength | quote }}
        databaseIndex: {{ include "knowledgehub.redisDatabase" $root | quote }}
        {{- if include "knowledgehub.redisTls" $root }}
        enableTLS: "true"
        {{- end }}
      {{- if include "knowledgehub.kedaRedisAuth" $root }}
      authenticationRef:
        name: {{ include "knowledgehub.componentName" (list $root "redis-auth") }}
      {{- end }}
    {{- if $root.Values.keda.inFlight }}
    # Jobs in flight: <type>_jobs:processing is a Redis set (the redis scaler reads only lists), so its size is read
    # from the api's /health/job_queue. Target: the jobs one pod runs at once, so pods with running jobs are kept.
    - type: metrics-api
      metricType: AverageValue
      metadata:
        url: {{ printf "http://%s:%v/health/job_queue" (include "knowledgehub.componentName" (list $root "api")) $root.Values.api.service.port | quote }}
        format: json
        valueLocation: {{ printf "details.%s_processing" (ternary "crawl" "rag" (eq $c "crawler")) | quote }}
        targetValue: {{ $v.workers | quote }}
    {{- end }}
{{- end -}}

{{/*
The CPU HorizontalPodAutoscaler used instead of KEDA (or for the api). Call with
(dict "root" $ "component" "crawler" "values" .Values.crawler).
*/}}
{{- define "knowledgehub.hpa" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $c := .component -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "knowledgehub.componentName" (list $root $c) }}
  labels:
    {{- include "knowledgehub.componentLabels" (list $root $c) | nindent 4 }}
  {{- with include "knowledgehub.annotations" $root | trim }}{{ . | nindent 2 }}{{- end }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "knowledgehub.componentName" (list $root $c) }}
  minReplicas: {{ max 1 $v.autoscaling.minReplicas }}
  maxReplicas: {{ $v.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $v.autoscaling.targetCPUUtilizationPercentage }}
  {{- if ne $c "api" }}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: {{ $root.Values.keda.scaleDownStabilizationSeconds }}
      policies:
        - type: Pods
          value: 1
          periodSeconds: 120
  {{- end }}
{{- end -}}
