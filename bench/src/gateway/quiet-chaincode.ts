// fabric-contract-api logs every transaction and reads the level when it is first loaded: this module is
// imported before anything that loads it, so that the benchmark's stdout holds only its one JSON line.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'critical';
