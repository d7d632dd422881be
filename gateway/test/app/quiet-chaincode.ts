// fabric-contract-api logs every refused transaction at error level, and reads the level when it is first
// loaded: this module is imported before anything that loads it. The tests assert the codes instead.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'critical';
