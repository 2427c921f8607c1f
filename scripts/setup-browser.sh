#!/usr/bin/env bash
# Install what the app's browser tests and Chinese chart labels need, from Debian's packages:
#   chromium        -- the headless browser Playwright drives (never one Playwright downloads)
#   fonts-noto-cjk  -- "Noto Sans CJK SC", so Chinese renders in matplotlib charts
# and, for machines without access to a CDN, the app's own front end:
#   Solara's page loads its JavaScript/CSS (solara-vuetify3-app, font-awesome, requirejs)
#   from a CDN at run time. This script fetches the same packages from the npm registry with
#   `npm pack` and unpacks them into Solara's asset cache in the venv
#   ($VENV/share/solara/cdn), where Solara's server looks before it tries the CDN.
# Idempotent: what is installed is skipped, and nothing is fetched when all is there.
# Needs root (or sudo) for apt-get. Usage: bash scripts/setup-browser.sh [VENV (default .venv)]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${1:-${VENV:-$ROOT/.venv}}"

PACKAGES=(chromium fonts-noto-cjk)
if ! command -v npm >/dev/null 2>&1; then
    PACKAGES+=(npm)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        echo "setup-browser: $pkg already installed"
    else
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup-browser: nothing to install"
else
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            SUDO="sudo"
        else
            echo "setup-browser: need root to install: ${missing[*]}" >&2
            exit 1
        fi
    fi
    echo "setup-browser: installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Let fontconfig (and so matplotlib's font manager, on its next cache rebuild) see the font.
if command -v fc-cache >/dev/null 2>&1 && ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
    fc-cache -f >/dev/null 2>&1 || true
fi

if [ -x /usr/bin/chromium ]; then
    echo "setup-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium present)"
fi

# --- Solara's front-end assets, into the venv's asset cache --------------------------------
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
    echo "setup-browser: no venv at $VENV yet; skipping Solara's assets (run again after make setup)"
    exit 0
fi
# The versions the installed Solara's page template asks for, e.g. @widgetti/solara-vuetify3-app@5.2.0
mapfile -t ASSETS < <("$PY" - <<'PYEOF'
import re
from pathlib import Path
import solara.server
from solara.server import settings
tpl = Path(solara.server.__file__).parent / "templates" / "solara.html.j2"
found = set(re.findall(r"\{\{cdn\}\}/((?:@[\w.-]+/)?[\w.-]+@[\w.-]+)/", tpl.read_text()))
found.add(settings.assets.fontawesome_path.strip("/").split("/css/")[0])
found.add("requirejs@2.3.6")
print(settings.assets.proxy_cache_dir)
for spec in sorted(found):
    print(spec)
PYEOF
)
CACHE="${ASSETS[0]}"
for spec in "${ASSETS[@]:1}"; do
    target="$CACHE/$spec"
    if [ -d "$target" ] && [ -n "$(ls -A "$target" 2>/dev/null)" ]; then
        echo "setup-browser: asset $spec already in $CACHE"
        continue
    fi
    tmp="$(mktemp -d)"
    echo "setup-browser: fetching $spec from the npm registry"
    if (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1); then
        mkdir -p "$target"
        tar xzf "$tmp"/*.tgz -C "$target" --strip-components=1
    else
        echo "setup-browser: warning: npm could not fetch $spec; the app will try the CDN" >&2
    fi
    rm -rf "$tmp"
done
