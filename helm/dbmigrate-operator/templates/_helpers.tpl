{{/* Chart name, overridable. */}}
{{- define "dbmigrate-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name when it already contains the chart name. */}}
{{- define "dbmigrate-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "dbmigrate-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "dbmigrate-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dbmigrate-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "dbmigrate-operator.labels" -}}
helm.sh/chart: {{ include "dbmigrate-operator.chart" . }}
{{ include "dbmigrate-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "dbmigrate-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "dbmigrate-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The operator's image; also the image of the migration Jobs (the runner ships in the same jar). */}}
{{- define "dbmigrate-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "dbmigrate-operator.webhookServiceName" -}}
{{- include "dbmigrate-operator.fullname" . }}
{{- end }}

{{- define "dbmigrate-operator.webhookSecretName" -}}
{{- printf "%s-webhook-tls" (include "dbmigrate-operator.fullname" .) }}
{{- end }}

{{- define "dbmigrate-operator.certificateName" -}}
{{- printf "%s-webhook" (include "dbmigrate-operator.fullname" .) }}
{{- end }}

{{- define "dbmigrate-operator.leaseName" -}}
dbmigrate-operator
{{- end }}

{{/*
The operator's rules on the namespaced resources it works with, one place for the ClusterRole
and the per-namespace Roles. Derived from the code: every API call the operator makes.
*/}}
{{- define "dbmigrate-operator.rules" -}}
# DatabaseMigration resources: read and watch (informer), write the status (JSON merge patch).
- apiGroups: [dbmigrate.io]
  resources: [databasemigrations]
  verbs: [get, list, watch]
- apiGroups: [dbmigrate.io]
  resources: [databasemigrations/status]
  verbs: [patch]
# Migration Jobs: created once per input digest, watched through an informer, and deleted
# beyond spec.job.historyLimit.
- apiGroups: [batch]
  resources: [jobs]
  verbs: [create, get, list, watch, delete]
# Pods: a finished Job's pods are listed for their termination message; pods gated by the
# webhook are watched and patched to remove the scheduling gate.
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch, patch]
# Database Secrets and migration ConfigMaps: read only (labelled ones through informers).
- apiGroups: [""]
  resources: [secrets, configmaps]
  verbs: [get, list, watch]
# Backup claims named in spec.backup: checked to exist before a Job would wait for them.
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get]
# One Event per transition (created, never updated).
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- end }}

{{/* How the API server calls the webhook; the same for each of its entries. */}}
{{- define "dbmigrate-operator.webhookCall" -}}
{{- $root := .root -}}
admissionReviewVersions: [v1]
sideEffects: None
failurePolicy: {{ $root.Values.webhook.failurePolicy }}
timeoutSeconds: {{ $root.Values.webhook.timeoutSeconds }}
reinvocationPolicy: Never
clientConfig:
  service:
    name: {{ include "dbmigrate-operator.webhookServiceName" $root }}
    namespace: {{ $root.Release.Namespace }}
    path: /mutate-pods
    port: 443
  {{- if not $root.Values.webhook.certManager.enabled }}
  caBundle: {{ .caBundle }}
  {{- end }}
rules:
  - operations: [CREATE]
    apiGroups: [""]
    apiVersions: [v1]
    resources: [pods]
    scope: Namespaced
{{- end }}

{{/*
Namespaces where the webhook may act: the watched ones (the operator cannot ungate pods
elsewhere), or all but the cluster's own.
*/}}
{{- define "dbmigrate-operator.webhookNamespaces" -}}
{{- if .Values.watchNamespaces -}}
- key: kubernetes.io/metadata.name
  operator: In
  values:
    {{- toYaml .Values.watchNamespaces | nindent 4 }}
{{- else -}}
- key: kubernetes.io/metadata.name
  operator: NotIn
  values: [kube-system, kube-node-lease]
{{- end }}
{{- end }}

{{/* Never the operator's own pods (it must start to ungate anything) nor migration Job pods. */}}
{{- define "dbmigrate-operator.webhookNeverPods" -}}
- key: app.kubernetes.io/name
  operator: NotIn
  values: [{{ include "dbmigrate-operator.name" . }}]
- key: dbmigrate.io/migration
  operator: DoesNotExist
{{- end }}
