# The Fabric network's layout: versions, folders and ports (sourced by the other scripts, not run).
# Everything listens on 127.0.0.1. Override a folder with HOCBA_FABRIC_DIR / HOCBA_CACHE_DIR.
set -euo pipefail
FABRIC_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$FABRIC_SRC/../.." && pwd)"

# The pinned versions: the Go modules in build/ and build-ca/ require exactly these.
FABRIC_VERSION=2.5.0
FABRIC_COMMIT=bd8e248
FABRIC_CA_VERSION=1.5.21

CACHE_DIR="${HOCBA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hocba}"
BIN="$CACHE_DIR/fabric-$FABRIC_VERSION/bin"
CA_BIN="$CACHE_DIR/fabric-ca-$FABRIC_CA_VERSION/bin"
# Data, logs and pids of one network; git-ignored (.data/).
NET="${HOCBA_FABRIC_DIR:-$ROOT/.data/fabric}"

CHANNEL=hocba
CHAINCODE=hocba
CC_VERSION=1.0
CC_SEQUENCE=1
# DESIGN.md §5: the province and one district endorse; key-level policies name which district.
CC_POLICY="AND('DoetMSP.peer',OR('District1MSP.peer','District2MSP.peer'))"

# HOCBA_FABRIC_PORT_OFFSET moves every port, so that two networks (with two HOCBA_FABRIC_DIR) can run side by side.
O=$((${HOCBA_FABRIC_PORT_OFFSET:-0}))

ORDERERS=(orderer0 orderer1 orderer2)
declare -A ORDERER_PORT=([orderer0]=$((6050 + O)) [orderer1]=$((6051 + O)) [orderer2]=$((6052 + O)))
declare -A ORDERER_OPS=([orderer0]=$((8443 + O)) [orderer1]=$((8444 + O)) [orderer2]=$((8445 + O)))
declare -A ORDERER_ADMIN=([orderer0]=$((9443 + O)) [orderer1]=$((9444 + O)) [orderer2]=$((9445 + O)))

# Peer organisations: one peer each, one chaincode server each, one Fabric CA each.
ORGS=(moet doet district1 district2)
declare -A MSP=([moet]=MoetMSP [doet]=DoetMSP [district1]=District1MSP [district2]=District2MSP)
declare -A PEER_PORT=([moet]=$((7051 + O)) [doet]=$((7055 + O)) [district1]=$((7059 + O)) [district2]=$((7063 + O)))
declare -A PEER_CC_PORT=([moet]=$((7052 + O)) [doet]=$((7056 + O)) [district1]=$((7060 + O)) [district2]=$((7064 + O)))
declare -A PEER_OPS=([moet]=$((8446 + O)) [doet]=$((8447 + O)) [district1]=$((8448 + O)) [district2]=$((8449 + O)))
declare -A CCSERVER_PORT=([moet]=$((9991 + O)) [doet]=$((9992 + O)) [district1]=$((9993 + O)) [district2]=$((9994 + O)))
declare -A CA_PORT=([moet]=$((7101 + O)) [doet]=$((7102 + O)) [district1]=$((7103 + O)) [district2]=$((7104 + O)))
declare -A CA_OPS=([moet]=$((7111 + O)) [doet]=$((7112 + O)) [district1]=$((7113 + O)) [district2]=$((7114 + O)))

# Ports above the kernel's ephemeral range start could be taken by any outgoing connection's local port.
ephemeral_start="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
if [ $((9994 + O)) -ge "$ephemeral_start" ] || [ "$O" -lt 0 ]; then
  echo "[fabric] error: HOCBA_FABRIC_PORT_OFFSET=$O puts ports at or above $ephemeral_start (the ephemeral range, where outgoing connections take their local ports); use an offset from 0 to $((ephemeral_start - 9995))" >&2
  exit 1
fi

CRYPTO="$NET/crypto"
orderer_dir() { echo "$CRYPTO/ordererOrganizations/orderer.hocba.local/orderers/$1.orderer.hocba.local"; }
orderer_tlsca() { echo "$CRYPTO/ordererOrganizations/orderer.hocba.local/tlsca/tlsca.orderer.hocba.local-cert.pem"; }
org_dir() { echo "$CRYPTO/peerOrganizations/$1.hocba.local"; }
peer_dir() { echo "$(org_dir "$1")/peers/peer0.$1.hocba.local"; }
org_tlsca() { echo "$(org_dir "$1")/tlsca/tlsca.$1.hocba.local-cert.pem"; }
org_admin_msp() { echo "$(org_dir "$1")/users/Admin@$1.hocba.local/msp"; }

log() { printf '\033[1;34m[fabric]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[fabric] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Is something listening on 127.0.0.1:<port>?
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
