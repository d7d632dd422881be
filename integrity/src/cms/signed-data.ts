/**
 * SignedData (RFC 5652 §5.1) read field by field from its decoded ASN.1, each field by its pkijs class.
 * pkijs's own SignedData constructor first builds its whole schema — the certificate set's and the CRLs'
 * choices included — and then parses every embedded certificate again, while ours are parsed (and cached) by
 * parseCertificate: together about half of a verification in the browser (CDP profile, issue 16). The fields
 * accepted are those the schema accepts, in its order; anything else is refused with a plain Error (callers
 * wrap it as CMS_MALFORMED).
 */
import * as asn1js from 'asn1js';
import {
  AlgorithmIdentifier,
  CertificateSet,
  EncapsulatedContentInfo,
  RevocationInfoChoices,
  SignerInfo,
} from 'pkijs';

export interface SignedDataFields {
  version: number;
  digestAlgorithms: AlgorithmIdentifier[];
  encapContentInfo: EncapsulatedContentInfo;
  /** The certificates field's plain certificates (SEQUENCEs), as decoded: the caller parses them. */
  certificates: asn1js.Sequence[];
  signerInfos: SignerInfo[];
}

const isContextTag = (e: asn1js.AsnType | undefined, tag: number): e is asn1js.Constructed =>
  e instanceof asn1js.Constructed && e.idBlock.tagClass === 3 && e.idBlock.tagNumber === tag;

export function readSignedData(content: unknown): SignedDataFields {
  if (!(content instanceof asn1js.Sequence)) throw new Error('SignedData is not a SEQUENCE');
  const items = [...content.valueBlock.value];
  const version = items.shift();
  if (!(version instanceof asn1js.Integer)) throw new Error('SignedData version is not an INTEGER');
  const digestAlgorithms = items.shift();
  if (!(digestAlgorithms instanceof asn1js.Set)) throw new Error('SignedData digestAlgorithms is not a SET');
  const encap = items.shift();
  if (!(encap instanceof asn1js.Sequence)) throw new Error('SignedData encapContentInfo is not a SEQUENCE');
  const encapContentInfo = new EncapsulatedContentInfo({ schema: encap });

  let certificates: asn1js.Sequence[] = [];
  if (isContextTag(items[0], 0)) certificates = certificateSequences(items.shift() as asn1js.Constructed);
  if (isContextTag(items[0], 1)) {
    const crls = items.shift() as asn1js.Constructed;
    // Not used by this profile, but a malformed list is as malformed as it is to pkijs.
    new RevocationInfoChoices({ schema: new asn1js.Set({ value: crls.valueBlock.value }) });
  }
  const signerInfos = items.shift();
  if (!(signerInfos instanceof asn1js.Set)) throw new Error('SignedData signerInfos is not a SET');
  if (items.length > 0) throw new Error('unexpected elements after SignedData signerInfos');

  return {
    version: version.valueBlock.valueDec,
    digestAlgorithms: digestAlgorithms.valueBlock.value.map((schema) => new AlgorithmIdentifier({ schema })),
    encapContentInfo,
    certificates,
    signerInfos: signerInfos.valueBlock.value.map((schema) => new SignerInfo({ schema })),
  };
}

/**
 * [0] IMPLICIT CertificateSet. Plain certificates are returned for parseCertificate; any other choice
 * (attribute or other certificates, unused here) sends the set through pkijs's CertificateSet, which
 * refuses what it cannot read.
 */
function certificateSequences(set: asn1js.Constructed): asn1js.Sequence[] {
  const value = set.valueBlock.value;
  if (value.some((e) => !(e instanceof asn1js.Sequence))) {
    new CertificateSet({ schema: new asn1js.Set({ value }) });
  }
  return value.filter((e) => e instanceof asn1js.Sequence);
}
