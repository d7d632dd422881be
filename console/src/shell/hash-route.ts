/**
 * The console's address within the page: `#/<area>/<rest…>`. A hash keeps every screen a link a person can
 * bookmark or share, and needs nothing from the server beyond the one index.html it serves at /console/.
 */
import { useEffect, useState } from 'react';

export function parseHash(hash: string): string[] {
  return hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
}

export function hashOf(segments: readonly string[]): string {
  return `#/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
}

export function useHashPath(): string[] {
  const [path, setPath] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setPath(parseHash(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return path;
}

export function go(segments: readonly string[]): void {
  location.hash = hashOf(segments);
}
