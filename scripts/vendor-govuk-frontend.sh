#!/usr/bin/env bash
# Copy the precompiled GOV.UK Frontend build from node_modules into
# static/vendor/govuk-frontend/ so Django can serve it without a Node build step.
# Usage (from anywhere): npm install && scripts/vendor-govuk-frontend.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/node_modules/govuk-frontend/dist/govuk"
dest="$root/static/vendor/govuk-frontend"

if [[ ! -f "$src/govuk-frontend.min.css" ]]; then
  echo "GOV.UK Frontend not found in $src - run 'npm install' first." >&2
  exit 1
fi

# Start clean so files removed upstream don't linger.
rm -rf "$dest"
mkdir -p "$dest"

# JS plus both source maps: ManifestStaticFilesStorage follows the CSS
# sourceMappingURL comment and fails collectstatic if the .map is missing.
cp "$src/govuk-frontend.min.js" "$src/govuk-frontend.min.js.map" \
   "$src/govuk-frontend.min.css.map" "$dest/"

# Fonts, images and manifest.json (and assets/rebrand/ if a release has it).
cp -R "$src/assets" "$dest/assets"

# The compiled CSS uses absolute url(/assets/...) paths. Rewrite them to be
# relative to the CSS file so they resolve under STATIC_URL and get
# manifest-hashed. (sed to a new file rather than sed -i: portable GNU/BSD.)
css="$dest/govuk-frontend.min.css"
sed -E 's#url\((["'\'']?)/assets/#url(\1assets/#g' "$src/govuk-frontend.min.css" > "$css"
if grep -Eq "url\\([\"']?/assets/" "$css"; then
  echo "Absolute /assets/ URLs remain in $css" >&2
  exit 1
fi

# Record which release is vendored.
node -p "require(process.argv[1]).version" "$root/node_modules/govuk-frontend/package.json" > "$dest/VERSION"
echo "Vendored govuk-frontend $(cat "$dest/VERSION") into ${dest#"$root"/}"
