#!/usr/bin/env bash
# hocba's Fabric network on one machine: 3 Raft orderers (the province's ordering service), one peer each
# for the Ministry, the province and two districts, one chaincode server and one Fabric CA per peer
# organisation, channel `hocba`, TLS everywhere, all on 127.0.0.1. Data, logs and pids under $NET.
#
#   network.sh up       build if needed, create on first run, start what is not running, wait until healthy
#   network.sh down     stop every process (data kept: `up` starts the same network again)
#   network.sh reset    down, then delete the network's data
#   network.sh status   each process, its health and block height, and the Raft leader (--json: for tests)
#   network.sh stop|start <process>   one process (orderer0, peer-doet, ccserver-district1, ca-moet …), for
#                       the fault tests
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

RUN="$NET/run"
LOGS="$NET/logs"
SAMPLECONFIG=""

# ---------------------------------------------------------------------------------------------- processes

PROCS=()
for o in "${ORDERERS[@]}"; do PROCS+=("$o"); done
for org in "${ORGS[@]}"; do PROCS+=("ca-$org" "peer-$org" "ccserver-$org"); done

pid_of() { cat "$RUN/$1.pid" 2>/dev/null || true; }
running() {
  local pid
  pid="$(pid_of "$1")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# start_proc <name> <workdir> <command...>; environment from the caller's exported PROC_ENV array.
start_proc() {
  local name="$1" dir="$2"
  shift 2
  mkdir -p "$RUN" "$LOGS"
  cd "$dir"
  env "${PROC_ENV[@]}" setsid nohup "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
  cd - >/dev/null
}

stop_proc() {
  local name="$1" pid i
  pid="$(pid_of "$name")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$RUN/$name.pid"
}

# wait_http <url> <what> [seconds]: until the URL answers 200.
wait_http() {
  local url="$1" what="$2" limit="${3:-30}" i
  for i in $(seq 1 $((limit * 10))); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  die "$what did not become healthy in ${limit} s ($url); see its log in $LOGS"
}

wait_port() {
  local port="$1" what="$2" limit="${3:-30}" i
  for i in $(seq 1 $((limit * 10))); do
    if port_open "$port"; then return 0; fi
    sleep 0.1
  done
  die "$what is not listening on 127.0.0.1:$port after ${limit} s; see its log in $LOGS"
}

ports_of() {
  case "$1" in
    orderer*) echo "${ORDERER_PORT[$1]} ${ORDERER_OPS[$1]} ${ORDERER_ADMIN[$1]}" ;;
    peer-*) local o="${1#peer-}"; echo "${PEER_PORT[$o]} ${PEER_CC_PORT[$o]} ${PEER_OPS[$o]}" ;;
    ccserver-*) echo "${CCSERVER_PORT[${1#ccserver-}]}" ;;
    ca-*) local o="${1#ca-}"; echo "${CA_PORT[$o]} ${CA_OPS[$o]}" ;;
  esac
}

# A port held by something else than our own process is a clear error, not a confusing crash later.
check_ports_free() {
  local name="$1" p
  for p in $(ports_of "$name"); do
    if port_open "$p"; then
      local who
      who="$(ss -ltnpH "sport = :$p" 2>/dev/null | sed -E 's/.*users:\(\("([^"]+)",pid=([0-9]+).*/\1 (pid \2)/' | head -1 || true)"
      die "port 127.0.0.1:$p, needed by $name, is in use${who:+ by $who}. Stop it, or run 'npm run network:down' if it is an earlier network of ours."
    fi
  done
}

# ------------------------------------------------------------------------------------------------ creation

sampleconfig() {
  [ -n "$SAMPLECONFIG" ] && return 0
  SAMPLECONFIG="$(cd "$FABRIC_SRC/build" && go list -m -f '{{.Dir}}' github.com/hyperledger/fabric)/sampleconfig"
  [ -f "$SAMPLECONFIG/core.yaml" ] || die "Fabric's sampleconfig is not in the Go module cache ($SAMPLECONFIG); run network/fabric/scripts/build.sh"
}

# The node configs: copies of Fabric's sample core.yaml and orderer.yaml with the two edits a peer without
# Docker needs (FABRIC-NOTES §2); everything per node comes from the environment.
write_node_configs() {
  sampleconfig
  mkdir -p "$NET/config"
  cp "$SAMPLECONFIG/orderer.yaml" "$NET/config/orderer.yaml"
  awk -v builder="$FABRIC_SRC/builder" '
    /^vm:/ { in_vm = 1 }
    in_vm && /^    endpoint:/ { print "    endpoint: \"\""; in_vm = 0; next }
    /^    externalBuilders:/ {
      print "    externalBuilders:"
      print "       - name: hocba-ccaas"
      print "         path: " builder
      skip = 1; next
    }
    skip && /^       -|^         / { next }
    { skip = 0; print }
  ' "$SAMPLECONFIG/core.yaml" >"$NET/config/core.yaml"
  grep -q 'name: hocba-ccaas' "$NET/config/core.yaml" || die "could not set the external builder in core.yaml"
  grep -q '^    endpoint: ""' "$NET/config/core.yaml" || die "could not clear vm.endpoint in core.yaml"
  sed -e "s#__NET__#$NET#g" \
    -e "s#__ORDERER0_PORT__#${ORDERER_PORT[orderer0]}#g" -e "s#__ORDERER1_PORT__#${ORDERER_PORT[orderer1]}#g" \
    -e "s#__ORDERER2_PORT__#${ORDERER_PORT[orderer2]}#g" -e "s#__MOET_PORT__#${PEER_PORT[moet]}#g" \
    -e "s#__DOET_PORT__#${PEER_PORT[doet]}#g" -e "s#__DISTRICT1_PORT__#${PEER_PORT[district1]}#g" \
    -e "s#__DISTRICT2_PORT__#${PEER_PORT[district2]}#g" \
    "$FABRIC_SRC/config/configtx.yaml" >"$NET/config/configtx.yaml"
  chmod -R u+w "$NET/config"
}

# A TLS server certificate (IP SAN 127.0.0.1) issued by an organisation's TLS CA, in <dir>/server.{key,crt}:
# for its chaincode server and its Fabric CA.
make_tls_cert() {
  local org="$1" d="$2" cn="$3" tlsca
  tlsca="$(org_dir "$org")/tlsca"
  mkdir -p "$d"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/server.key" 2>/dev/null
  openssl req -new -key "$d/server.key" -subj "/C=VN/O=$org.hocba.local/CN=$cn.$org.hocba.local" -out "$d/server.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$d/ext.cnf"
  openssl x509 -req -in "$d/server.csr" -CA "$tlsca/tlsca.$org.hocba.local-cert.pem" -CAkey "$tlsca/priv_sk" \
    -CAcreateserial -days 3650 -sha256 -extfile "$d/ext.cnf" -out "$d/server.crt" 2>/dev/null
  rm -f "$d/server.csr" "$d/ext.cnf"
}

# The chaincode package of one organisation: its peer dials that organisation's own chaincode server,
# with mutual TLS (the peer's TLS certificate is its client certificate). PEM contents, not paths.
make_cc_package() {
  local org="$1" d
  d="$NET/packages/$org"
  rm -rf "$d" && mkdir -p "$d/src"
  local pdir
  pdir="$(peer_dir "$org")/tls"
  node -e '
    const fs = require("fs");
    const [addr, root, cert, key, out] = process.argv.slice(1);
    fs.writeFileSync(out, JSON.stringify({
      address: addr, dial_timeout: "10s", tls_required: true, client_auth_required: true,
      root_cert: fs.readFileSync(root, "utf8"), client_cert: fs.readFileSync(cert, "utf8"),
      client_key: fs.readFileSync(key, "utf8"),
    }, null, 2));
  ' "127.0.0.1:${CCSERVER_PORT[$org]}" "$(org_tlsca "$org")" "$pdir/server.crt" "$pdir/server.key" "$d/src/connection.json"
  printf '{"type":"ccaas","label":"%s_%s_%s"}\n' "$CHAINCODE" "$CC_VERSION" "$org" >"$d/metadata.json"
  tar -C "$d/src" -czf "$d/code.tar.gz" connection.json
  tar -C "$d" -czf "$d/$CHAINCODE.tgz" metadata.json code.tar.gz
}

create_crypto() {
  log "crypto: cryptogen for the nodes (NodeOUs), TLS for chaincode servers and CAs"
  rm -rf "$CRYPTO"
  "$BIN/cryptogen" generate --config="$FABRIC_SRC/config/crypto-config.yaml" --output="$CRYPTO" >/dev/null
  local org
  for org in "${ORGS[@]}"; do
    make_tls_cert "$org" "$NET/ccserver/$org" ccserver
    make_tls_cert "$org" "$NET/ca/$org/tls" ca
  done
}

create_genesis() {
  log "channel $CHANNEL: genesis block (3 Raft consenters, BatchTimeout 250 ms)"
  FABRIC_CFG_PATH="$NET/config" "$BIN/configtxgen" -profile Hocba -channelID "$CHANNEL" \
    -outputBlock "$NET/config/$CHANNEL.block" 2>"$LOGS/configtxgen.log" \
    || die "configtxgen failed: $(tail -3 "$LOGS/configtxgen.log")"
}

# ------------------------------------------------------------------------------------------------- nodes

start_orderer() {
  local o="$1" d
  d="$(orderer_dir "$o")"
  local data="$NET/data/$o"
  mkdir -p "$data"
  PROC_ENV=(
    FABRIC_CFG_PATH="$NET/config" FABRIC_LOGGING_SPEC=INFO
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 ORDERER_GENERAL_LISTENPORT="${ORDERER_PORT[$o]}"
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP ORDERER_GENERAL_LOCALMSPDIR="$d/msp"
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none ORDERER_CHANNELPARTICIPATION_ENABLED=true
    ORDERER_GENERAL_TLS_ENABLED=true
    ORDERER_GENERAL_TLS_PRIVATEKEY="$d/tls/server.key" ORDERER_GENERAL_TLS_CERTIFICATE="$d/tls/server.crt"
    ORDERER_GENERAL_TLS_ROOTCAS="[$d/tls/ca.crt]"
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$d/tls/server.crt"
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$d/tls/server.key"
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$d/tls/ca.crt]"
    ORDERER_FILELEDGER_LOCATION="$data/ledger"
    ORDERER_CONSENSUS_WALDIR="$data/etcdraft/wal" ORDERER_CONSENSUS_SNAPDIR="$data/etcdraft/snapshot"
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:${ORDERER_OPS[$o]}" ORDERER_METRICS_PROVIDER=prometheus
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:${ORDERER_ADMIN[$o]}"
    ORDERER_ADMIN_TLS_ENABLED=true ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true
    ORDERER_ADMIN_TLS_PRIVATEKEY="$d/tls/server.key" ORDERER_ADMIN_TLS_CERTIFICATE="$d/tls/server.crt"
    ORDERER_ADMIN_TLS_ROOTCAS="[$d/tls/ca.crt]" ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$d/tls/ca.crt]"
  )
  start_proc "$o" "$data" "$BIN/orderer"
}

start_peer() {
  local org="$1" d
  d="$(peer_dir "$org")"
  local data="$NET/data/peer-$org" port="${PEER_PORT[$org]}"
  mkdir -p "$data"
  PROC_ENV=(
    FABRIC_CFG_PATH="$NET/config" FABRIC_LOGGING_SPEC=INFO
    CORE_PEER_ID="peer0.$org.hocba.local"
    CORE_PEER_LISTENADDRESS="127.0.0.1:$port" CORE_PEER_ADDRESS="127.0.0.1:$port"
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:${PEER_CC_PORT[$org]}"
    CORE_PEER_CHAINCODEADDRESS="127.0.0.1:${PEER_CC_PORT[$org]}"
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$port" CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$port"
    CORE_PEER_LOCALMSPID="${MSP[$org]}" CORE_PEER_MSPCONFIGPATH="$d/msp"
    CORE_PEER_TLS_ENABLED=true CORE_PEER_TLS_CERT_FILE="$d/tls/server.crt"
    CORE_PEER_TLS_KEY_FILE="$d/tls/server.key" CORE_PEER_TLS_ROOTCERT_FILE="$d/tls/ca.crt"
    CORE_PEER_FILESYSTEMPATH="$data/production" CORE_LEDGER_SNAPSHOTS_ROOTDIR="$data/snapshots"
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:${PEER_OPS[$org]}" CORE_METRICS_PROVIDER=prometheus
    # The chaincode runs as a service: the peer waits for it rather than failing a first request.
    CORE_CHAINCODE_EXECUTETIMEOUT=30s
    # Gossip: reconnect to a peer that was down (or not yet on the channel) in seconds, not 25 s.
    CORE_PEER_GOSSIP_RECONNECTINTERVAL=2s
  )
  start_proc "peer-$org" "$data" "$BIN/peer" node start
}

ca_admin_secret() {
  local f="$NET/ca/$1/admin.secret"
  [ -f "$f" ] || (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$f")
  cat "$f"
}

# Each peer organisation's Fabric CA issues with the organisation's own CA key (cryptogen's), so the users
# it enrols chain to the root in the channel's MSP; TLS with the organisation's TLS CA.
start_ca() {
  local org="$1" home="$NET/ca/$1" od
  od="$(org_dir "$org")"
  mkdir -p "$home"
  local secret
  secret="$(ca_admin_secret "$org")"
  PROC_ENV=(FABRIC_CA_SERVER_HOME="$home")
  start_proc "ca-$org" "$home" "$CA_BIN/fabric-ca-server" start \
    -b "admin:$secret" --address 127.0.0.1 --port "${CA_PORT[$org]}" \
    --operations.listenaddress "127.0.0.1:${CA_OPS[$org]}" \
    --ca.name "ca-$org" --ca.certfile "$od/ca/ca.$org.hocba.local-cert.pem" --ca.keyfile "$od/ca/priv_sk" \
    --tls.enabled --tls.certfile "$home/tls/server.crt" --tls.keyfile "$home/tls/server.key"
}

start_ccserver() {
  local org="$1" d="$NET/ccserver/$1"
  local id
  id="$(cat "$NET/packages/$org/package-id" 2>/dev/null)" || die "no chaincode package id for $org: run 'npm run network:reset' then 'npm run network:up'"
  [ -f "$ROOT/chaincode/dist/index.cjs" ] || die "the chaincode is not built: npm run build -w @hocba/chaincode"
  PROC_ENV=(CORE_CHAINCODE_LOGGING_LEVEL="${CORE_CHAINCODE_LOGGING_LEVEL:-warning}")
  start_proc "ccserver-$org" "$ROOT/chaincode" node "$ROOT/node_modules/fabric-shim/cli.js" server \
    --chaincode-address "127.0.0.1:${CCSERVER_PORT[$org]}" --chaincode-id "$id" \
    --module-path "$ROOT/chaincode" \
    --chaincode-tls-cert-file "$d/server.crt" --chaincode-tls-key-file "$d/server.key" \
    --chaincode-tls-client-cacert-file "$(org_tlsca "$org")"
}

start_one() {
  case "$1" in
    orderer*) start_orderer "$1" ;;
    peer-*) start_peer "${1#peer-}" ;;
    ca-*) start_ca "${1#ca-}" ;;
    ccserver-*) start_ccserver "${1#ccserver-}" ;;
    *) die "no process $1 (one of: ${PROCS[*]})" ;;
  esac
}

wait_healthy() {
  case "$1" in
    orderer*) wait_http "http://127.0.0.1:${ORDERER_OPS[$1]}/healthz" "$1" ;;
    peer-*) wait_http "http://127.0.0.1:${PEER_OPS[${1#peer-}]}/healthz" "$1" ;;
    ca-*) wait_http "http://127.0.0.1:${CA_OPS[${1#ca-}]}/healthz" "$1" ;;
    ccserver-*) wait_port "${CCSERVER_PORT[${1#ccserver-}]}" "$1" ;;
  esac
}

# ------------------------------------------------------------------------------------- admin commands

orderer_admin() {
  local o="$1"
  shift
  local d
  d="$(orderer_dir "$o")"
  "$BIN/osnadmin" channel "$@" -o "127.0.0.1:${ORDERER_ADMIN[$o]}" --ca-file "$d/tls/ca.crt" \
    --client-cert "$d/tls/server.crt" --client-key "$d/tls/server.key"
}

# peer_admin <org> <peer subcommand…>: the org's admin, talking to the org's peer.
peer_admin() {
  local org="$1"
  shift
  FABRIC_CFG_PATH="$NET/config" FABRIC_LOGGING_SPEC=WARNING \
    CORE_PEER_LOCALMSPID="${MSP[$org]}" CORE_PEER_MSPCONFIGPATH="$(org_admin_msp "$org")" \
    CORE_PEER_ADDRESS="127.0.0.1:${PEER_PORT[$org]}" CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$(org_tlsca "$org")" \
    "$BIN/peer" "$@"
}

ORDERER_FLAGS=()
orderer_flags() { ORDERER_FLAGS=(--orderer "127.0.0.1:${ORDERER_PORT[orderer0]}" --tls --cafile "$(orderer_tlsca)"); }

join_channel() {
  local o org
  log "channel $CHANNEL: orderers join (osnadmin), then peers"
  for o in "${ORDERERS[@]}"; do
    orderer_admin "$o" join --channelID "$CHANNEL" --config-block "$NET/config/$CHANNEL.block" >"$LOGS/join-$o.log" 2>&1 \
      || die "$o could not join $CHANNEL: $(tail -3 "$LOGS/join-$o.log")"
  done
  wait_leader 20
  for org in "${ORGS[@]}"; do
    local i ok=""
    for i in $(seq 1 30); do
      if peer_admin "$org" channel join -b "$NET/config/$CHANNEL.block" >"$LOGS/join-peer-$org.log" 2>&1; then ok=1; break; fi
      sleep 0.5
    done
    [ -n "$ok" ] || die "peer of $org could not join $CHANNEL: $(tail -3 "$LOGS/join-peer-$org.log")"
  done
}

deploy_chaincode() {
  local org
  orderer_flags
  log "chaincode $CHAINCODE $CC_VERSION: a package per organisation (its own server), install, approve, commit"
  for org in "${ORGS[@]}"; do
    make_cc_package "$org"
    peer_admin "$org" lifecycle chaincode install "$NET/packages/$org/$CHAINCODE.tgz" >"$LOGS/install-$org.log" 2>&1 \
      || die "install on $org failed: $(tail -3 "$LOGS/install-$org.log")"
    peer_admin "$org" lifecycle chaincode calculatepackageid "$NET/packages/$org/$CHAINCODE.tgz" >"$NET/packages/$org/package-id"
  done
  for org in "${ORGS[@]}"; do
    peer_admin "$org" lifecycle chaincode approveformyorg "${ORDERER_FLAGS[@]}" --channelID "$CHANNEL" \
      --name "$CHAINCODE" --version "$CC_VERSION" --sequence "$CC_SEQUENCE" \
      --package-id "$(cat "$NET/packages/$org/package-id")" --signature-policy "$CC_POLICY" \
      >"$LOGS/approve-$org.log" 2>&1 || die "approve by $org failed: $(tail -3 "$LOGS/approve-$org.log")"
  done
  local peers=()
  for org in "${ORGS[@]}"; do
    peers+=(--peerAddresses "127.0.0.1:${PEER_PORT[$org]}" --tlsRootCertFiles "$(org_tlsca "$org")")
  done
  peer_admin doet lifecycle chaincode commit "${ORDERER_FLAGS[@]}" --channelID "$CHANNEL" \
    --name "$CHAINCODE" --version "$CC_VERSION" --sequence "$CC_SEQUENCE" --signature-policy "$CC_POLICY" \
    "${peers[@]}" >"$LOGS/commit.log" 2>&1 || die "chaincode commit failed: $(tail -3 "$LOGS/commit.log")"
}

# ---------------------------------------------------------------------------------------------- status

height_of() {
  case "$1" in
    orderer*)
      { orderer_admin "$1" list --channelID "$CHANNEL" 2>/dev/null || true; } | sed -nE 's/.*"height": *([0-9]+).*/\1/p' ;;
    peer-*)
      { peer_admin "${1#peer-}" channel getinfo -c "$CHANNEL" 2>/dev/null || true; } | sed -nE 's/.*"height":([0-9]+).*/\1/p' ;;
  esac
}

leader() {
  local o
  for o in "${ORDERERS[@]}"; do
    # Read whole, then match: `curl | grep -q` under pipefail fails when grep stops reading early.
    local metrics
    metrics="$(curl -fsS --max-time 2 "http://127.0.0.1:${ORDERER_OPS[$o]}/metrics" 2>/dev/null || true)"
    if grep -Eq "^consensus_etcdraft_is_leader\{channel=\"$CHANNEL\"\} 1" <<<"$metrics"; then
      echo "$o"
      return 0
    fi
  done
}

wait_leader() {
  local limit="$1" i
  for i in $(seq 1 $((limit * 10))); do
    [ -n "$(leader)" ] && return 0
    sleep 0.1
  done
  die "no Raft leader after ${limit} s; see $LOGS/orderer*.log"
}

# Until every running peer knows every other running peer on the channel (gossip membership): before that,
# a Gateway cannot plan an endorsement that needs an organisation it has not met.
wait_gossip() {
  local limit="${1:-60}" i org
  for i in $(seq 1 $((limit * 5))); do
    local up=() ok=1
    for org in "${ORGS[@]}"; do running "peer-$org" && up+=("$org"); done
    for org in "${up[@]}"; do
      local known
      known="$(curl -fsS --max-time 2 "http://127.0.0.1:${PEER_OPS[$org]}/metrics" 2>/dev/null \
        | sed -nE "s/^gossip_membership_total_peers_known\{channel=\"$CHANNEL\"\} ([0-9]+)/\1/p")"
      [ "${known:-0}" -ge $((${#up[@]} - 1)) ] || ok=""
    done
    [ -n "$ok" ] && return 0
    sleep 0.2
  done
  die "the peers did not all meet on channel $CHANNEL (gossip) in ${limit} s; see $LOGS/peer-*.log"
}

healthy() {
  case "$1" in
    orderer*) curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${ORDERER_OPS[$1]}/healthz" 2>/dev/null ;;
    peer-*) curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${PEER_OPS[${1#peer-}]}/healthz" 2>/dev/null ;;
    ca-*) curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${CA_OPS[${1#ca-}]}/healthz" 2>/dev/null ;;
    ccserver-*) port_open "${CCSERVER_PORT[${1#ccserver-}]}" ;;
  esac
}

status() {
  local json="${1:-}" p
  if [ ! -f "$NET/created" ]; then
    if [ "$json" = --json ]; then echo '{"created":false,"processes":[]}'; else log "no network in $NET (npm run network:up)"; fi
    return 0
  fi
  local lead rows=()
  lead="$(leader || true)"
  for p in "${PROCS[@]}"; do
    local state=stopped health=- height=-
    if running "$p"; then
      state=running
      if healthy "$p"; then health=ok; else health=unhealthy; fi
      case "$p" in orderer* | peer-*) height="$(height_of "$p")"; height="${height:--}" ;; esac
    fi
    rows+=("$p $state $health $height $(pid_of "$p")")
  done
  if [ "$json" = --json ]; then
    printf '%s\n' "${rows[@]}" | node -e '
      const lines = require("fs").readFileSync(0, "utf8").trim().split("\n");
      const processes = lines.map((l) => { const [name, state, health, height, pid] = l.split(" ");
        return { name, state, health, height: height === "-" ? null : Number(height), pid: pid ? Number(pid) : null }; });
      console.log(JSON.stringify({ created: true, dir: process.argv[1], leader: process.argv[2] || null, processes }));
    ' "$NET" "$lead"
  else
    printf '%-20s %-8s %-10s %-7s %s\n' process state health height pid
    local r
    for r in "${rows[@]}"; do
      # shellcheck disable=SC2086
      printf '%-20s %-8s %-10s %-7s %s\n' $r
    done
    echo "Raft leader: ${lead:-none}"
    echo "data and logs: $NET"
  fi
}

# ------------------------------------------------------------------------------------------------ up/down

# The connection profile the gateway reads (LEDGER=fabric): where each peer and CA is, their TLS roots.
write_profile() {
  node -e '
    const [net, channel, chaincode, ...rest] = process.argv.slice(1);
    const orgs = {};
    for (let i = 0; i < rest.length; i += 6) {
      const [org, msp, peerPort, caPort, tlsca, caCert] = rest.slice(i, i + 6);
      orgs[msp] = { org, peer: { endpoint: `127.0.0.1:${peerPort}`, tlsRootCert: tlsca },
        ca: { url: `https://127.0.0.1:${caPort}`, name: `ca-${org}`, tlsRootCert: tlsca, home: `${net}/ca/${org}` },
        caCert };
    }
    require("fs").writeFileSync(`${net}/connection.json`, JSON.stringify({ channel, chaincode, wallet: `${net}/wallet`, orgs }, null, 2));
  ' "$NET" "$CHANNEL" "$CHAINCODE" $(for org in "${ORGS[@]}"; do
    echo "$org ${MSP[$org]} ${PEER_PORT[$org]} ${CA_PORT[$org]} $(org_tlsca "$org") $(org_dir "$org")/ca/ca.$org.hocba.local-cert.pem"
  done)
}

up() {
  bash "$FABRIC_SRC/scripts/build.sh"
  [ -f "$ROOT/chaincode/dist/index.cjs" ] || (cd "$ROOT" && node chaincode/build.mjs)
  command -v openssl >/dev/null || die "openssl is needed (npm run setup installs it)"
  command -v curl >/dev/null || die "curl is needed for the health checks: apt-get install curl"
  local t0=$SECONDS fresh="" p
  mkdir -p "$RUN" "$LOGS"
  for p in "${PROCS[@]}"; do running "$p" || check_ports_free "$p"; done
  if [ ! -f "$NET/created" ]; then
    fresh=1
    rm -rf "$NET/data" "$NET/packages" "$NET/ca" "$NET/ccserver" "$NET/wallet"
    write_node_configs
    create_crypto
    create_genesis
  fi
  for p in "${ORDERERS[@]}"; do running "$p" || start_orderer "$p"; done
  for p in "${ORDERERS[@]}"; do wait_healthy "$p"; done
  for p in "${ORGS[@]}"; do running "peer-$p" || start_peer "$p"; done
  for p in "${ORGS[@]}"; do running "ca-$p" || start_ca "$p"; done
  for p in "${ORGS[@]}"; do wait_healthy "peer-$p"; done
  if [ -n "$fresh" ]; then
    join_channel
    deploy_chaincode
    write_profile
  fi
  for p in "${ORGS[@]}"; do running "ccserver-$p" || start_ccserver "$p"; done
  for p in "${ORGS[@]}"; do wait_healthy "ccserver-$p"; wait_healthy "ca-$p"; done
  [ -n "$fresh" ] && touch "$NET/created"
  wait_leader 20
  wait_gossip 60
  log "network up in $((SECONDS - t0)) s (channel $CHANNEL, chaincode $CHAINCODE; profile $NET/connection.json)"
}

down() {
  local p pid pids=() i
  # TERM to all at once, one wait, then KILL what is left.
  for p in "${PROCS[@]}"; do
    pid="$(pid_of "$p")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; pids+=("$pid"); fi
    rm -f "$RUN/$p.pid"
  done
  for i in $(seq 1 50); do
    local alive=""
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  # Until the killed are gone and their ports free: an `up` right after must find them free.
  for i in $(seq 1 50); do
    local alive=""
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.1
  done
  log "network stopped (data kept in $NET)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  reset) down; rm -rf "$NET"; log "network data deleted" ;;
  status) status "${2:-}" ;;
  stop) [ -n "${2:-}" ] || die "stop <process>"; stop_proc "$2" ;;
  kill)
    [ -n "${2:-}" ] || die "kill <process>"
    p="$(pid_of "$2")"
    if [ -n "$p" ]; then
      kill -KILL "$p" 2>/dev/null || true
      for i in $(seq 1 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$RUN/$2.pid"
    ;;
  start)
    [ -n "${2:-}" ] || die "start <process>"
    running "$2" || { check_ports_free "$2"; start_one "$2"; wait_healthy "$2"; }
    case "$2" in peer-*) wait_gossip 60 ;; esac
    ;;
  *) die "usage: network.sh up|down|reset|status [--json]|stop <p>|kill <p>|start <p>" ;;
esac
