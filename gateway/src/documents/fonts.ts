/**
 * The typeface of every PDF: Noto Serif, full Vietnamese coverage (ă â đ ê ô ơ ư and the five tones on each,
 * checked with fontkit when chosen), read from its npm package in node_modules at run time — never downloaded,
 * so a provincial data centre without internet prints the same học bạ.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PACKAGE = '@expo-google-fonts/noto-serif';

/** The faces the renderer uses, by the names it registers them under. */
export const FACES = {
  regular: '400Regular/NotoSerif_400Regular.ttf',
  bold: '700Bold/NotoSerif_700Bold.ttf',
  italic: '400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
} as const;
export type Face = keyof typeof FACES;

let cache: Record<Face, Buffer> | undefined;

/** The TTF bytes of each face, read once per process (about 1.5 MB; pdfkit embeds only the glyphs used). */
export function fontFiles(): Record<Face, Buffer> {
  cache ??= {
    regular: readFileSync(require.resolve(`${PACKAGE}/${FACES.regular}`)),
    bold: readFileSync(require.resolve(`${PACKAGE}/${FACES.bold}`)),
    italic: readFileSync(require.resolve(`${PACKAGE}/${FACES.italic}`)),
  };
  return cache;
}
