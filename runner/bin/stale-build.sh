# Sourced by the launchers (runner/bin/runner, framework/spark/bin/runner-spark); not a command of its own.
#
# refuse_stale HOME BUILT WHAT REBUILD [PRUNED...]: when a main source or pom under HOME (framework/, schemes/,
# runner/, pom.xml; not tests, not target/, not the PRUNED folders) is newer than the file BUILT, names it and
# how to rebuild (SCHEMENET_REBUILD=1 with the calling launcher, or the Maven command REBUILD) on stderr and exits
# with 2. It does not rebuild by itself: a rebuild replaces the jars that a sweep still running from this folder
# starts its runs from.
refuse_stale() {
  local home="$1" built="$2" what="$3" rebuild="$4"
  shift 4
  local prune=(-name target -o -name test)
  local folder
  for folder in "$@"; do
    prune+=(-o -path "$folder")
  done
  local newer
  newer="$(find "$home/pom.xml" "$home/framework" "$home/schemes" "$home/runner" \( "${prune[@]}" \) -prune \
      -o -type f \( -path '*/src/main/*' -o -name pom.xml \) -newer "$built" -print -quit 2>/dev/null || true)"
  if [[ -n "$newer" ]]; then
    echo "schemenet: $what is older than the sources (${newer#"$home"/} changed since); rebuild with" \
      "'SCHEMENET_REBUILD=1 $0 ...' or '$rebuild' (wait for sweeps running from this folder to finish first: a" \
      "rebuild replaces the jars their runs start from)" >&2
    exit 2
  fi
}
