#!/usr/bin/env bash
# Install what the app's browser tests and Chinese chart labels need, from Debian's packages:
#   chromium        -- the headless browser Playwright drives (never one Playwright downloads)
#   fonts-noto-cjk  -- "Noto Sans CJK SC", so Chinese renders in matplotlib charts
# Idempotent: packages already installed are skipped, and nothing is fetched when all are.
# Needs root (or sudo) for apt-get.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk)

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
