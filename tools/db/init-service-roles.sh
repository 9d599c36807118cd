#!/bin/sh
# Creates one database role per service, owning its own schema (tools/db/service-role.sql).
# Run by the postgres image at first start (/docker-entrypoint-initdb.d) or by hand:
#   PGDATABASE=sms_account IDENTITY_DB_PASSWORD=… WALLET_DB_PASSWORD=… … sh tools/db/init-service-roles.sh
# Each password comes from <SERVICE>_DB_PASSWORD, or from the file named by <SERVICE>_DB_PASSWORD_FILE
# (Docker secrets); there is no default.
set -eu
dir=$(dirname "$0")
for service in identity wallet messaging reporting billing notifications; do
  upper=$(echo "$service" | tr '[:lower:]' '[:upper:]')
  eval "password=\${${upper}_DB_PASSWORD:-}"
  eval "file=\${${upper}_DB_PASSWORD_FILE:-}"
  if [ -z "$password" ] && [ -n "$file" ]; then password=$(cat "$file"); fi
  if [ -z "$password" ]; then
    echo "init-service-roles: set ${upper}_DB_PASSWORD (or ${upper}_DB_PASSWORD_FILE)" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --no-psqlrc -q \
    --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-${PGDATABASE:-sms_account}}" \
    -v prefix="${ROLE_PREFIX:-}" -v service="$service" -v password="$password" \
    -f "${SERVICE_ROLE_SQL:-$dir/service-role.sql}"
done
