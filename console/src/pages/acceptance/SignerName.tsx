/**
 * Who signed a batch, as a person reads it: the principal's name (the account that posted the signature;
 * only a principal may sign, policy `batches.sign`), else the certificate's holder (its CN).
 */
import { type Lang, ROLE_WORDS } from '../../words.ts';
import { nameAttribute, type Verification } from './data.ts';

export function signerText(v: Verification, lang: Lang): string {
  const s = v.signer;
  if (!s) return '—';
  if (s.signedByName) return `${ROLE_WORDS.principal![lang]} ${s.signedByName}`;
  return nameAttribute(s.subject, 'CN') ?? '—';
}

export function SignerName({ v, lang }: { v: Verification; lang: Lang }) {
  return <>{signerText(v, lang)}</>;
}
