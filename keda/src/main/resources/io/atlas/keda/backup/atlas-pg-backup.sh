#!/usr/bin/env bash
# Backs up the Atlas schema of PostgreSQL (instruments, model releases, Flyway's history) and restores it.
#
# keda/ renders this file into the postgresql-backup ConfigMap and the CronJob's arguments from PostgresBackup.java;
# the restore drill in ingest/ runs this same file with those same arguments. Connection: libpq's PGHOST, PGPORT,
# PGUSER, PGDATABASE and PGPASSWORD. Runbook: keda/docs/runbooks/postgresql-restore.md.
#
#   backup          --dir DIR --schema SCHEMA --retention-days DAYS
#   verify          --backup DIR/STAMP
#   restore         --backup DIR/STAMP --schema SCHEMA --slot SLOT --publication PUBLICATION
#   restore-release --backup DIR/STAMP --schema SCHEMA --model-id ID --version N
#
# A backup is a folder named for the UTC time it started (20261206T020000Z) holding atlas.dump (pg_dump's custom
# format of the schema), publications.sql (a one-schema dump holds no publication, yet CDC reads one) and SHA256SUMS.
set -euo pipefail

say() { echo "atlas-pg-backup: $*"; }
die() { echo "atlas-pg-backup: $*" >&2; exit 1; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# Names this script puts into SQL must be plain lower-case identifiers, as ingest's CdcConfig requires of them.
identifier() { [[ "$2" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "$1 must be a lower-case SQL identifier, not '$2'"; }

stamp_seconds() {
  [[ "$1" =~ ^([0-9]{8})T([0-9]{2})([0-9]{2})([0-9]{2})Z$ ]] || return 1
  date -u -d "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}:${BASH_REMATCH[3]}:${BASH_REMATCH[4]}" +%s
}

verify() {
  local backup=$1
  [ -f "$backup/SHA256SUMS" ] || die "$backup is not a backup (no SHA256SUMS)"
  (cd "$backup" && sha256sum --quiet --strict -c SHA256SUMS) || die "$backup: checksums do not match"
  pg_restore --list "$backup/atlas.dump" >/dev/null || die "$backup: pg_restore cannot read atlas.dump"
}

prune() {
  local dir=$1 days=$2 cutoff backup taken
  cutoff=$(( $(date -u +%s) - days * 86400 ))
  for backup in "$dir"/*; do
    [ -d "$backup" ] || continue
    taken=$(stamp_seconds "$(basename "$backup")") || continue
    if [ "$taken" -lt "$cutoff" ]; then
      rm -rf -- "$backup"
      say "pruned $(basename "$backup"): older than $days days"
    fi
  done
}

backup() {
  local dir="" schema="" days=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) dir=$2; shift 2 ;;
      --schema) schema=$2; shift 2 ;;
      --retention-days) days=$2; shift 2 ;;
      *) die "backup: unknown option $1" ;;
    esac
  done
  [ -n "$dir" ] || die "backup: --dir is required"
  identifier --schema "$schema"
  [[ "$days" =~ ^[1-9][0-9]*$ ]] || die "backup: --retention-days must be a positive number of days, not '$days'"
  local stamp partial
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  partial="$dir/.partial-$stamp"
  rm -rf -- "$dir"/.partial-*
  mkdir -p -- "$partial"
  pg_dump --format=custom --schema="$schema" --file="$partial/atlas.dump"
  sql -v schema="$schema" > "$partial/publications.sql" <<'SQL'
SELECT format('CREATE PUBLICATION %I FOR TABLE %s WITH (publish = %L);', p.pubname,
              string_agg(format('%I.%I', t.schemaname, t.tablename), ', ' ORDER BY t.tablename),
              concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                        CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END))
FROM pg_publication p JOIN pg_publication_tables t ON t.pubname = p.pubname
WHERE t.schemaname = :'schema'
GROUP BY p.pubname, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate
ORDER BY p.pubname;
SQL
  (cd "$partial" && sha256sum atlas.dump publications.sql > SHA256SUMS)
  verify "$partial"
  # Renamed only once whole and verified: a backup folder is never half written.
  mv -- "$partial" "$dir/$stamp"
  say "backed up schema $schema to $dir/$stamp ($(du -sh -- "$dir/$stamp" | cut -f1))"
  prune "$dir" "$days"
}

restore() {
  local backup="" schema="" slot="" publication=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --backup) backup=${2%/}; shift 2 ;;
      --schema) schema=$2; shift 2 ;;
      --slot) slot=$2; shift 2 ;;
      --publication) publication=$2; shift 2 ;;
      *) die "restore: unknown option $1" ;;
    esac
  done
  identifier --schema "$schema"
  identifier --slot "$slot"
  identifier --publication "$publication"
  : "${PGDATABASE:?restore: set PGDATABASE to the database to restore into}"
  verify "$backup"
  # The slot lives outside the dump and would stream every row the restore writes: CDC must be stopped, and the slot
  # goes; CDC resumes on a slot created after the restore (RollForward), so the restored rows are never sent again.
  local active
  active=$(sql -v slot="$slot" <<'SQL'
SELECT active FROM pg_replication_slots WHERE slot_name = :'slot';
SQL
)
  [ "$active" != t ] || die "slot $slot is in use: stop CDC (scale ingest-cdc to 0) before restoring"
  if [ "$active" = f ]; then
    sql -v slot="$slot" <<'SQL' >/dev/null
SELECT pg_drop_replication_slot(:'slot');
SQL
    say "dropped replication slot $slot"
  fi
  local relations
  relations=$(sql -v schema="$schema" <<'SQL'
SELECT coalesce((SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = :'schema'), -1);
SQL
)
  [ "$relations" -le 0 ] || die "schema $schema holds $relations relations: keep them aside first" \
      "(ALTER SCHEMA $schema RENAME TO ${schema}_lost) or drop them, then restore"
  sql -v schema="$schema" -v publication="$publication" <<'SQL'
DROP SCHEMA IF EXISTS :"schema";
DROP PUBLICATION IF EXISTS :"publication";
SQL
  pg_restore --exit-on-error --single-transaction --no-owner --dbname="$PGDATABASE" "$backup/atlas.dump"
  sql -f "$backup/publications.sql"
  say "restored schema $schema from $backup; next: roll forward from the topics (ingest's RollForward)," \
      "which also creates slot $slot, then start CDC"
}

restore_release() {
  local backup="" schema="" model="" version=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --backup) backup=${2%/}; shift 2 ;;
      --schema) schema=$2; shift 2 ;;
      --model-id) model=$2; shift 2 ;;
      --version) version=$2; shift 2 ;;
      *) die "restore-release: unknown option $1" ;;
    esac
  done
  identifier --schema "$schema"
  [ -n "$model" ] || die "restore-release: --model-id is required"
  [[ "$version" =~ ^[1-9][0-9]*$ ]] || die "restore-release: --version must be a positive number, not '$version'"
  verify "$backup"
  # The backed-up rows go to a temporary table first; the one release is inserted RETIRED, so restoring it never
  # changes what is scored: activate it afterwards (atlas-ingest release activate). CDC publishes it as an insert.
  {
    echo "BEGIN;"
    echo "CREATE TEMP TABLE release_restore (LIKE \"$schema\".model_releases) ON COMMIT DROP;"
    pg_restore --data-only --table=model_releases --file=- "$backup/atlas.dump" \
      | sed -e "s/^COPY ${schema}\.model_releases /COPY pg_temp.release_restore /"
    # pg_restore's output empties search_path; the table's triggers expect the schema's, as the applications set it.
    cat <<'SQL'
SET search_path TO :"schema";
UPDATE pg_temp.release_restore SET status = 'RETIRED';
INSERT INTO :"schema".model_releases
SELECT * FROM pg_temp.release_restore WHERE model_id = :'model' AND version = :version
RETURNING version AS restored \gset
COMMIT;
SQL
  } | sql -v schema="$schema" -v model="$model" -v version="$version" \
    || die "release $model v$version was not restored: not in $backup, or it exists already"
  say "restored release $model v$version from $backup as RETIRED; activate it with atlas-ingest release activate"
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  backup) backup "$@" ;;
  verify) [ "${1:-}" = --backup ] && [ $# -eq 2 ] || die "verify: --backup DIR/STAMP"; verify "${2%/}"
          say "$2 is whole and readable" ;;
  restore) restore "$@" ;;
  restore-release) restore_release "$@" ;;
  *) die "usage: $(basename "$0") backup|verify|restore|restore-release [options] (see the file's header)" ;;
esac
