/** "Tải tệp mẫu": the blank .xlsx of one layout, fetched with the session's token and saved by the browser. */
import { useState } from 'react';
import type { Connection } from '../../api/client.ts';
import type { Lang } from '../../words.ts';
import { type ImportKind, TEMPLATE_NAMES, template } from './data.ts';
import { iw } from './words.ts';

export function TemplateButton(props: {
  connection: Connection;
  lang: Lang;
  kind: ImportKind;
  label: string;
}) {
  const { connection, lang, kind } = props;
  const [failed, setFailed] = useState(false);
  async function download() {
    setFailed(false);
    try {
      const blob = await template(connection, kind);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = TEMPLATE_NAMES[kind];
      document.body.append(a);
      a.click();
      a.remove();
      // The browser has taken the bytes once the click is handled.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setFailed(true);
    }
  }
  return (
    <span className="imp-template">
      <button
        type="button"
        className="secondary"
        onClick={download}
        aria-label={iw('templateOf', lang, { kind: props.label })}
        data-template={kind}
      >
        {iw('template', lang)}
      </button>
      {failed && (
        <span className="error-message" role="alert">
          {iw('templateFailed', lang)}
        </span>
      )}
    </span>
  );
}
