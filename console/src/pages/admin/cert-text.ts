/** A certificate's facts as people read them on the screen. */

/** The most readable part of an RFC 4514 name: its CN, and its O when there is one. */
export function nameText(dn: string): string {
  const attr = (k: string) =>
    new RegExp(`(?:^|,)${k}=((?:\\\\.|[^,])*)`).exec(dn)?.[1]?.replace(/\\(.)/g, '$1');
  const parts = [attr('CN'), attr('O')].filter((x): x is string => !!x);
  return [...new Set(parts)].join(' — ') || dn;
}

/** 64 hex digits as sixteen groups of four, upper case: read and compared by eye. */
export const groupedFingerprint = (hex: string) => hex.toUpperCase().replace(/(.{4})(?!$)/g, '$1 ');
