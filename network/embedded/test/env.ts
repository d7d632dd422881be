// fabric-shim and fabric-contract-api log through winston at the level a peer gives its chaincode in this
// variable; tests keep them quiet unless the variable is set. Imported first, before fabric-shim loads.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';
