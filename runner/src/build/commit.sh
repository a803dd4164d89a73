#!/bin/sh
# Writes the version and the commit a build is made from, for summary.json, --version and plugins'
# Plugin-Requires: commit.sh PROJECT_DIR OUT_FILE VERSION.
# git -C PROJECT_DIR asks the checkout the build runs in (also a linked worktree); "unknown" outside git.
dir="$1"
out="$2"
version="${3:-unknown}"
mkdir -p "$(dirname "$out")"
commit="$(git -C "$dir" rev-parse HEAD 2>/dev/null || echo unknown)"
time="$(git -C "$dir" log -1 --format=%cI HEAD 2>/dev/null || echo unknown)"
dirty=false
if [ "$commit" != unknown ] && [ -n "$(git -C "$dir" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  dirty=true
fi
printf 'schemenet.version=%s\ngit.commit.id=%s\ngit.commit.time=%s\ngit.dirty=%s\n' "$version" "$commit" "$time" \
  "$dirty" > "$out"
