import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { parseCsv } from './csv';
import { decodeText } from '../../../shared/delimited-text';

const MAX_CSV_ROWS = 1000;
/** Characters of plain text shown; the rest is exported. */
const MAX_TEXT_CHARS = 2_000_000;

export function TextPreview({ data, csv }: { data: Uint8Array; csv: boolean }) {
  const { t } = useTranslation();
  const text = useMemo(() => decodeText(data), [data]);
  const table = useMemo(() => (csv ? parseCsv(text, MAX_CSV_ROWS) : null), [csv, text]);

  if (table) {
    const [head = [], ...body] = table.rows;
    const columns = Math.max(head.length, ...body.map((r) => r.length));
    const cells = (row: string[]) => Array.from({ length: columns }, (_, i) => row[i] ?? '');
    return (
      <div className="csv-preview" data-testid="csv-preview">
        <table>
          <thead>
            <tr>
              <th className="csv-rownum">#</th>
              {cells(head).map((cell, i) => (
                <th key={i}>{cell}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {body.map((row, r) => (
              <tr key={r}>
                <td className="csv-rownum">{r + 1}</td>
                {cells(row).map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {table.truncated && (
          <Typography.Text type="secondary" className="preview-note">
            {t('preview.moreRows', { shown: MAX_CSV_ROWS })}
          </Typography.Text>
        )}
      </div>
    );
  }
  const truncated = text.length > MAX_TEXT_CHARS;
  return (
    <div className="text-preview" data-testid="text-preview">
      <pre>{truncated ? text.slice(0, MAX_TEXT_CHARS) : text}</pre>
      {truncated && (
        <Typography.Text type="secondary" className="preview-note">
          {t('preview.moreText')}
        </Typography.Text>
      )}
    </div>
  );
}
