{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "plantops.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the operator's objects. */}}
{{- define "plantops.fullname" -}}
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

{{/* Labels on every object of the chart. */}}
{{- define "plantops.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "plantops.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: plantops
{{- end }}

{{/* Labels that select the operator's pods. */}}
{{- define "plantops.selectorLabels" -}}
app.kubernetes.io/name: {{ include "plantops.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* The operator's ServiceAccount. */}}
{{- define "plantops.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "plantops.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* NetworkPolicy peers: the operator's pods and Prometheus. */}}
{{- define "plantops.networkPolicy.operatorAndPrometheus" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .ns }}
  podSelector:
    matchLabels:
      {{- include "plantops.selectorLabels" .root | nindent 6 }}
- namespaceSelector:
    {{- toYaml .root.Values.networkPolicy.prometheus.namespaceSelector | nindent 4 }}
  podSelector:
    {{- toYaml .root.Values.networkPolicy.prometheus.podSelector | nindent 4 }}
{{- end }}
