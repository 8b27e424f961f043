#!/usr/bin/env bash
# A two-shard ClickHouse cluster on 127.0.0.1 for the distributed SQL-IRLS tests (issue 15).
#
#   scripts/clickhouse-cluster.sh start   # two clickhouse-server processes, own ports and data folders
#   scripts/clickhouse-cluster.sh stop    # stops them (by their pid files) and removes the folder
#   scripts/clickhouse-cluster.sh status
#
# Shard 1: HTTP 18123, TCP 19000; shard 2: HTTP 18124, TCP 19001 (override with CLICKHOUSE_PORT_BASE,
# the first HTTP port). Both servers know the cluster `verdeel` (two shards, one replica each), so a
# `Distributed(verdeel, default, t_local)` table over a MergeTree `t_local` on each shard reads both.
# The tests create their own tables; they find the ports in $CLICKHOUSE_CLUSTER_DIR/env.
# Needs the Debian package clickhouse-server (18.16 on Debian 12): apt-get install -y clickhouse-server.
set -euo pipefail

DIR="${CLICKHOUSE_CLUSTER_DIR:-${TMPDIR:-/tmp}/verdeelmodel-clickhouse}"
BASE="${CLICKHOUSE_PORT_BASE:-18123}"
SERVER="$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)"

http_port() { echo $((BASE + $1 - 1)); }
tcp_port() { echo $((BASE + 876 + $1)); }          # 18123 -> 19000, 19001
inter_port() { echo $((BASE + 886 + $1)); }        # 19010, 19011

write_config() {
  local i="$1" d="$DIR/shard$1"
  mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/log"
  cat >"$d/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/log/server.log</log><errorlog>$d/log/error.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>$(http_port "$i")</http_port>
  <tcp_port>$(tcp_port "$i")</tcp_port>
  <interserver_http_port>$(inter_port "$i")</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <listen_host>127.0.0.1</listen_host>
  <max_connections>64</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>32</max_concurrent_queries>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <mark_cache_size>67108864</mark_cache_size>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <users_config>$DIR/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <remote_servers>
    <verdeel>
      <shard><replica><host>127.0.0.1</host><port>$(tcp_port 1)</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$(tcp_port 2)</port></replica></shard>
    </verdeel>
    <verdeel_one>
      <shard><replica><host>127.0.0.1</host><port>$(tcp_port 1)</port></replica></shard>
    </verdeel_one>
  </remote_servers>
</yandex>
XML
}

write_users() {
  cat >"$DIR/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
}

ping() { curl -sf --max-time 2 "http://127.0.0.1:$1/ping" >/dev/null 2>&1; }

start() {
  if [ ! -x "$SERVER" ]; then
    echo "clickhouse-server not found: apt-get install -y clickhouse-server" >&2
    exit 2
  fi
  mkdir -p "$DIR"
  write_users
  for i in 1 2; do
    local d="$DIR/shard$i"
    if [ -f "$d/pid" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null; then continue; fi
    write_config "$i"
    (cd "$d" && exec "$SERVER" --config-file="$d/config.xml" >"$d/log/stdout.log" 2>&1) &
    echo $! >"$d/pid"
  done
  for i in 1 2; do
    local port
    port="$(http_port "$i")"
    for _ in $(seq 1 100); do
      ping "$port" && break
      if ! kill -0 "$(cat "$DIR/shard$i/pid")" 2>/dev/null; then
        echo "clickhouse shard $i exited; log:" >&2
        tail -20 "$DIR/shard$i/log/stdout.log" "$DIR/shard$i/log/error.log" 2>/dev/null >&2 || true
        exit 1
      fi
      sleep 0.2
    done
    ping "$port" || { echo "clickhouse shard $i did not answer on 127.0.0.1:$port within 20 s" >&2; exit 1; }
  done
  cat >"$DIR/env" <<ENV
CLICKHOUSE_SHARD1_URL=http://127.0.0.1:$(http_port 1)
CLICKHOUSE_SHARD2_URL=http://127.0.0.1:$(http_port 2)
CLICKHOUSE_CLUSTER=verdeel
ENV
  echo "clickhouse cluster 'verdeel' up: shard 1 http://127.0.0.1:$(http_port 1), shard 2 http://127.0.0.1:$(http_port 2) (folder $DIR)"
}

stop() {
  for i in 1 2; do
    local f="$DIR/shard$i/pid"
    [ -f "$f" ] || continue
    local pid
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
  rm -rf "$DIR"
  echo "clickhouse cluster stopped"
}

status() {
  for i in 1 2; do
    if ping "$(http_port "$i")"; then echo "shard $i up on $(http_port "$i")"; else echo "shard $i down"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
