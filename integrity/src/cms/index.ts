/** CMS signatures over batch manifests and the signer certificate checks (DESIGN.md §3-§4). */
export type { SignatureAlgorithmName } from './algorithms.ts';
export {
  type CertificateDescription,
  certificateFingerprint,
  describeCertificate,
} from './certificate.ts';
export { type VerifySignerCertificateOptions, verifySignerCertificate } from './chain.ts';
export { derToPem, pemToDer } from './pem.ts';
export { type KeyStore, readPkcs12, type WritePkcs12Options, writePkcs12 } from './pkcs12.ts';
export { type SignCmsOptions, signCms } from './sign.ts';
export { type CmsSignature, type VerifyCmsOptions, verifyCmsSignature } from './verify.ts';
