# shellcheck shell=bash
# The runnable jars of this checkout and the modules each one is made of, in one place: bin/pinpipe,
# bin/pinpipe-bench and bin/pinpipe-bench-api ask here where a jar is and whether it must be rebuilt.
# Needs $root (the checkout).

# jar_path <name>: direct, flink, spark (the runners), ingest, emulator or serve.
jar_path() {
  case "$1" in
    direct | flink | spark) echo "$root/runners/$1/target/pinpipe-$1.jar" ;;
    *) echo "$root/$1/target/pinpipe-$1.jar" ;;
  esac
}

# jar_module <name>: the Maven module that packages the jar (for mvn -pl).
jar_module() {
  case "$1" in
    direct | flink | spark) echo "runners/$1" ;;
    *) echo "$1" ;;
  esac
}

# jar_sources <name>: the modules whose sources the jar is made of.
jar_sources() {
  local pipelines="options transforms iceberg testdata pipelines"
  case "$1" in
    direct | flink | spark) echo "$pipelines runners/$1" ;;
    ingest) echo "options ingest" ;;
    emulator) echo "$pipelines emulator" ;;
    serve) echo "$pipelines ingest serve" ;;
    *) echo "jars.sh: no jar named '$1'" >&2; return 1 ;;
  esac
}

# older_than_sources <file> <source paths...>: the file is missing or older than a source
# (.java, pom.xml or a resource) under those paths.
older_than_sources() {
  local file=$1
  shift
  [[ ! -f "$file" ]] && return 0
  [[ -n "$(find "$@" -path '*/target' -prune -o -type f \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -newer "$file" -print -quit)" ]]
}

# jar_stale <name> [extra paths...]: the jar is missing or older than a source it is made of.
jar_stale() {
  local name=$1 module dirs=()
  shift
  for module in $(jar_sources "$name"); do dirs+=("$root/$module"); done
  older_than_sources "$(jar_path "$name")" "$root/pom.xml" "${dirs[@]}" "$@"
}
