//go:build tools

// Package buildca pins the Fabric CA commands (one CA per peer organisation issues its users' identities).
package buildca

import (
	_ "github.com/hyperledger/fabric-ca/cmd/fabric-ca-client"
	_ "github.com/hyperledger/fabric-ca/cmd/fabric-ca-server"
)
