{{/* The chart's name, and the release's full name (63 characters at most: a DNS label). */}}
{{- define "paletteai.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "paletteai.fullname" -}}
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

{{- define "paletteai.selectorLabels" -}}
app.kubernetes.io/name: {{ include "paletteai.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "paletteai.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "paletteai.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "paletteai.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The Secret with the PostgreSQL URL: the user's, or the chart's (made from postgres.url). One of the
two is required, and a URL given in the values must be a PostgreSQL one.
*/}}
{{- define "paletteai.postgresSecretName" -}}
{{- if .Values.postgres.existingSecret }}
{{- .Values.postgres.existingSecret }}
{{- else }}
{{- $url := required "the PostgreSQL database is required: set postgres.existingSecret (a Secret holding postgres://USER:PASSWORD@HOST:PORT/DB under postgres.existingSecretKey) or postgres.url" .Values.postgres.url }}
{{- if not (regexMatch "^postgres(ql)?://" $url) }}
{{- fail (printf "postgres.url must be a PostgreSQL URL such as postgres://paletteai:PASSWORD@postgres:5432/paletteai; found %q" (regexReplaceAll "//[^@/]*@" $url "//***@")) }}
{{- end }}
{{- printf "%s-postgres" (include "paletteai.fullname" .) }}
{{- end }}
{{- end }}

{{- define "paletteai.postgresSecretKey" -}}
{{- if .Values.postgres.existingSecret }}{{ required "postgres.existingSecretKey must name the key of postgres.existingSecret that holds the URL" .Values.postgres.existingSecretKey }}{{ else }}url{{ end }}
{{- end }}

{{/* The Secret with the first cluster-admin token: the user's, or the chart's. */}}
{{- define "paletteai.adminTokenSecretName" -}}
{{- default (printf "%s-admin-token" (include "paletteai.fullname" .)) .Values.adminToken.existingSecret }}
{{- end }}

{{- define "paletteai.adminTokenSecretKey" -}}
{{- if .Values.adminToken.existingSecret }}{{ required "adminToken.existingSecretKey must name the key of adminToken.existingSecret that holds the token" .Values.adminToken.existingSecretKey }}{{ else }}token{{ end }}
{{- end }}

{{/* The Secret with the replicas' CA (ca.crt, ca.key): the user's, or the chart's. */}}
{{- define "paletteai.caSecretName" -}}
{{- default (printf "%s-ca" (include "paletteai.fullname" .)) .Values.tls.existingSecret }}
{{- end }}

{{/*
minAvailable of the PodDisruptionBudget: replicaCount - 1, or the value given, which must be between
1 and replicaCount - 1 (with replicaCount or more no pod could ever be evicted: node drains hang).
*/}}
{{- define "paletteai.pdbMinAvailable" -}}
{{- $replicas := int .Values.replicaCount }}
{{- if eq (toString .Values.podDisruptionBudget.minAvailable) "" }}
{{- sub $replicas 1 }}
{{- else }}
{{- $min := int .Values.podDisruptionBudget.minAvailable }}
{{- if or (lt $min 1) (ge $min $replicas) }}
{{- fail (printf "podDisruptionBudget.minAvailable must be between 1 and replicaCount - 1 (replicaCount is %d, minAvailable %d): otherwise no pod could ever be evicted and node drains would hang; leave it empty for replicaCount - 1" $replicas $min) }}
{{- end }}
{{- $min }}
{{- end }}
{{- end }}
