#!/usr/bin/env bash
# Builds Fabric's peer, orderer and tools and Fabric CA from source through the Go module proxy, at the
# versions build/go.mod and build-ca/go.mod pin, into a cache outside the checkout. Does nothing when the
# cache already holds binaries built from the same go.mod and go.sum (a stamp records their hash).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

command -v go >/dev/null || die "Go is needed to build Fabric $FABRIC_VERSION (no 'go' on PATH): install Go ≥ 1.20"

# build_module <module dir> <output bin dir> <cgo 0|1> <ldflags> <packages...>
build_module() {
  local dir="$1" out="$2" cgo="$3" ldflags="$4"
  shift 4
  local stamp="$out/.built-from" want
  want="$(cat "$dir/go.mod" "$dir/go.sum" | sha256sum | cut -c1-64)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  if [ "$cgo" = 1 ]; then command -v gcc >/dev/null || die "a C compiler is needed to build Fabric CA (cgo, for its sqlite driver): apt-get install gcc"; fi
  log "building $(basename "$dir") into $out (cold: about 1.5 min on 2 cores)"
  mkdir -p "$out"
  local t0=$SECONDS
  (cd "$dir" && CGO_ENABLED="$cgo" GOFLAGS=-mod=readonly go build -trimpath -ldflags "$ldflags" -o "$out/" "$@") \
    || die "the Go build failed (module $dir); is the Go module proxy reachable? (go env GOPROXY: $(go env GOPROXY))"
  echo "$want" >"$stamp"
  log "built in $((SECONDS - t0)) s"
}

F=github.com/hyperledger/fabric
build_module "$FABRIC_SRC/build" "$BIN" 0 \
  "-X $F/common/metadata.Version=$FABRIC_VERSION -X $F/common/metadata.CommitSHA=$FABRIC_COMMIT" \
  $F/cmd/peer $F/cmd/orderer $F/cmd/configtxgen $F/cmd/configtxlator $F/cmd/osnadmin $F/cmd/cryptogen
build_module "$FABRIC_SRC/build-ca" "$CA_BIN" 1 \
  "-X github.com/hyperledger/fabric-ca/lib/metadata.Version=$FABRIC_CA_VERSION" \
  github.com/hyperledger/fabric-ca/cmd/fabric-ca-server github.com/hyperledger/fabric-ca/cmd/fabric-ca-client
