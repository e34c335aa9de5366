{{/*
Helpers of the fleet chart. Per-service helpers take a context dict:
  (dict "root" $ "name" "<service>" "svc" <merged service values>)
built in each template with:
  {{- $svc := include "fleet.svc.values" (dict "root" $ "name" $name) | fromYaml }}
*/}}

{{/* Chart name. */}}
{{- define "fleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-wide name prefix: <release>-<chart>, or the release name if it already contains the chart name. */}}
{{- define "fleet.fullname" -}}
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

{{/* chart label value: <name>-<version>. */}}
{{- define "fleet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Values of one service: a deep copy of .Values.defaults with services.<name> merged over it. */}}
{{- define "fleet.svc.values" -}}
{{- $entry := index .root.Values.services .name | default dict -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.defaults) (deepCopy $entry)) -}}
{{- end -}}

{{/* Resource name of one service: <fullname>-<service>. */}}
{{- define "fleet.svc.fullname" -}}
{{- printf "%s-%s" (include "fleet.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Environment variable prefix: the service name upper-cased, `-` -> `_` (work-portal -> WORK_PORTAL). */}}
{{- define "fleet.svc.envPrefix" -}}
{{- .name | upper | replace "-" "_" -}}
{{- end -}}

{{/* Selector labels of one service (immutable once installed). */}}
{{- define "fleet.svc.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleet.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* All labels of one service's resources. */}}
{{- define "fleet.svc.labels" -}}
helm.sh/chart: {{ include "fleet.chart" .root }}
{{ include "fleet.svc.selectorLabels" . }}
app.kubernetes.io/part-of: fleet
app.kubernetes.io/version: {{ include "fleet.svc.tag" . | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/* Image tag: services.<name>.image.tag, else global.image.tag, else the chart's appVersion. */}}
{{- define "fleet.svc.tag" -}}
{{- .svc.image.tag | default .root.Values.global.image.tag | default .root.Chart.AppVersion | toString -}}
{{- end -}}

{{/* Image reference: <global.image.registry>/<repository>:<tag> (no registry prefix when it is empty). */}}
{{- define "fleet.svc.image" -}}
{{- $repository := .svc.image.repository | default (printf "fleet-%s" .name) -}}
{{- with .root.Values.global.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .) $repository (include "fleet.svc.tag" $) -}}
{{- else -}}
{{- printf "%s:%s" $repository (include "fleet.svc.tag" .) -}}
{{- end -}}
{{- end -}}

{{/* Name of the chart-managed Secret holding an inline global.db.url (FLEET_DB_URL). */}}
{{- define "fleet.serviceSecretName" -}}
{{- printf "%s-service-secret" (include "fleet.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fleet.sharedSecretName" -}}
{{- printf "%s-db" (include "fleet.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of the chart-managed Secret of one service (its inline db.url). */}}
{{- define "fleet.svc.secretName" -}}
{{- printf "%s-db" (include "fleet.svc.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Where the service's database URL comes from, as YAML:
  var: <SERVICE>_DB_URL or FLEET_DB_URL, secret: <Secret name>, key: <key>, inline: <URL or "">
The service's own db wins; otherwise global.db (FLEET_DB_URL); with neither the chart fails.
*/}}
{{- define "fleet.svc.db" -}}
{{- $prefix := include "fleet.svc.envPrefix" . -}}
{{- $own := .svc.db | default dict -}}
{{- $global := .root.Values.global.db | default dict -}}
{{- if and $own.url $own.existingSecret -}}
{{- fail (printf "services.%s.db: set either url or existingSecret, not both (defaults.db is merged in)" .name) -}}
{{- end -}}
{{- if and $global.url $global.existingSecret -}}
{{- fail "global.db: set either url or existingSecret, not both" -}}
{{- end -}}
{{- if include "fleet.svc.usesKeyVault" . -}}
var: {{ printf "%s_DB_URL" $prefix }}
secret: {{ include "fleet.svc.keyVaultName" . }}
key: {{ printf "%s_DB_URL" $prefix }}
inline: ""
{{- else if $own.existingSecret -}}
var: {{ printf "%s_DB_URL" $prefix }}
secret: {{ $own.existingSecret }}
key: {{ $own.secretKey | default (printf "%s_DB_URL" $prefix) }}
inline: ""
{{- else if $own.url -}}
var: {{ printf "%s_DB_URL" $prefix }}
secret: {{ include "fleet.svc.secretName" . }}
key: {{ printf "%s_DB_URL" $prefix }}
inline: {{ $own.url | quote }}
{{- else if $global.existingSecret -}}
var: FLEET_DB_URL
secret: {{ $global.existingSecret }}
key: {{ $global.secretKey | default "FLEET_DB_URL" }}
inline: ""
{{- else if $global.url -}}
var: FLEET_DB_URL
secret: {{ include "fleet.sharedSecretName" .root }}
key: FLEET_DB_URL
inline: {{ $global.url | quote }}
{{- else -}}
{{- fail (printf "services.%s: no database: set services.%s.db.url or db.existingSecret (or defaults.db / global.db)" .name .name) -}}
{{- end -}}
{{- end -}}

{{/* Name of the ServiceAccount of one service. */}}
{{- define "fleet.svc.serviceAccountName" -}}
{{- if .svc.serviceAccount.create -}}
{{- .svc.serviceAccount.name | default (include "fleet.svc.fullname" .) -}}
{{- else -}}
{{- .svc.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* Name of the Key Vault SecretProviderClass of one service (and of the Secret it syncs). */}}
{{- define "fleet.svc.keyVaultName" -}}
{{- printf "%s-keyvault" (include "fleet.svc.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* "true" when the service reads its database URL from Azure Key Vault. */}}
{{- define "fleet.svc.usesKeyVault" -}}
{{- if and .root.Values.keyVault.enabled .svc.db.keyVaultSecret -}}true{{- end -}}
{{- end -}}

{{/* NATS URL when it is not read from a Secret: the subchart's client Service, or nats.external.url. */}}
{{- define "fleet.natsUrl" -}}
{{- if .Values.nats.enabled -}}
{{- printf "nats://%s-nats:4222" .Release.Name -}}
{{- else -}}
{{- required "nats.external.url or nats.external.existingSecret is required (or nats.enabled: true)" .Values.nats.external.url -}}
{{- end -}}
{{- end -}}

{{/*
Non-secret environment of one service: the data of its ConfigMap (read with envFrom).
*/}}
{{- define "fleet.svc.configData" -}}
{{- $prefix := include "fleet.svc.envPrefix" . -}}
{{- $nats := .root.Values.nats -}}
{{- if or $nats.enabled (not $nats.external.existingSecret) }}
NATS_URL: {{ include "fleet.natsUrl" .root | quote }}
{{- end }}
{{- with .root.Values.global.subjectPrefix }}
FLEET_SUBJECT_PREFIX: {{ . | quote }}
{{- end }}
FLEET_REQUEST_TIMEOUT_MS: {{ .root.Values.global.requestTimeoutMs | int | quote }}
LOG_LEVEL: {{ .svc.logLevel | quote }}
{{- with .root.Values.global.otel.endpoint }}
OTEL_TRACES_EXPORTER: "otlp"
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
{{- end }}
{{ $prefix }}_HEALTH_PORT: {{ .svc.healthPort | int | quote }}
{{ $prefix }}_HEALTH_HOST: "0.0.0.0"
{{ $prefix }}_MIGRATIONS_RUN: {{ .svc.migrationsRun | toString | quote }}
{{- if eq .name "gateway" }}
GATEWAY_HOST: "0.0.0.0"
GATEWAY_PORT: {{ .svc.http.port | default 8080 | int | quote }}
{{- end }}
{{- end -}}

{{/* Secret-backed container environment of one service plus extraEnv (a YAML list, after envFrom). */}}
{{- define "fleet.svc.env" -}}
{{- $nats := .root.Values.nats -}}
{{- $db := include "fleet.svc.db" . | fromYaml -}}
{{- if and (not $nats.enabled) $nats.external.existingSecret }}
- name: NATS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $nats.external.existingSecret }}
      key: {{ $nats.external.secretKey | default "NATS_URL" }}
{{- end }}
{{- $ss := .root.Values.global.serviceSecret }}
{{- if and $ss.existingSecret $ss.value }}
{{- fail "global.serviceSecret: set existingSecret or value, not both" }}
{{- end }}
- name: FLEET_SERVICE_SECRET
  valueFrom:
    secretKeyRef:
{{- if $ss.existingSecret }}
      name: {{ $ss.existingSecret }}
      key: {{ $ss.secretKey | default "FLEET_SERVICE_SECRET" }}
{{- else if $ss.value }}
      name: {{ include "fleet.serviceSecretName" .root }}
      key: FLEET_SERVICE_SECRET
{{- else }}
{{- fail "global.serviceSecret.existingSecret (or, for development, global.serviceSecret.value) is required: FLEET_SERVICE_SECRET" }}
{{- end }}
- name: {{ $db.var }}
  valueFrom:
    secretKeyRef:
      name: {{ $db.secret }}
      key: {{ $db.key }}
{{- with .svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* checksum/config: the service's ConfigMap data and extraEnv. */}}
{{- define "fleet.svc.configChecksum" -}}
{{- printf "%s\n%s" (include "fleet.svc.configData" .) (toYaml .svc.extraEnv) | sha256sum -}}
{{- end -}}

{{/*
checksum/secret: what the service reads from Secrets: the inline values of chart-managed Secrets
(its database URL, the development service secret) and the names/keys of the Secrets it refers to,
so that pointing at another Secret, or changing an inline value, rolls its pods.
*/}}
{{- define "fleet.svc.secretChecksum" -}}
{{- $db := include "fleet.svc.db" . | fromYaml -}}
{{- printf "%s\n%s\n%s\n%s" (toYaml $db) (.root.Values.global.serviceSecret | toYaml) (.root.Values.nats.external | toYaml) (.svc.db.keyVaultSecret | default "") | sha256sum -}}
{{- end -}}
