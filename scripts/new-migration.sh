#!/usr/bin/env bash
# Writes a new migration from the difference between the committed schema and the working one.
# (`prisma migrate dev` needs a shadow database the offline WebAssembly engine cannot create here.)
#   scripts/new-migration.sh add_subscribers
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/new-migration.sh NAME}
old=$(mktemp --suffix=.prisma)
git show HEAD:prisma/schema.prisma > "$old"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
node scripts/prisma.mjs migrate diff --from-schema-datamodel "$old" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
rm -f "$old"
echo "wrote $dir/migration.sql"
