import { Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { XlsxModel } from '../../../shared/office-preview';
import { SheetGrid } from './SheetGrid';
import './office-preview.css';

/** An Excel workbook: the chosen sheet's grid, notes when a sheet shows only part of itself, sheet tabs below as in Excel. */
export function XlsxPreview({ model }: { model: XlsxModel }) {
  const { t } = useTranslation();
  const [active, setActive] = useState(0);
  const sheet = model.sheets[active] ?? model.sheets[0];
  return (
    <div className="xlsx-preview" data-testid="xlsx-preview">
      {sheet && <div className="xlsx-print-title">{sheet.name}</div>}
      {!sheet || sheet.rows.length === 0 ? (
        <div className="xlsx-empty">
          <Typography.Text type="secondary">{t('preview.office.emptySheet')}</Typography.Text>
        </div>
      ) : (
        // A fresh grid per sheet: its scroll position and measurements are its own.
        <SheetGrid key={active} sheet={sheet} />
      )}
      {sheet?.truncatedRows && (
        <Typography.Text className="xlsx-note" data-testid="sheet-truncated">
          {t('preview.moreRows', { shown: model.maxRows })}
        </Typography.Text>
      )}
      {sheet?.truncatedColumns && (
        <Typography.Text className="xlsx-note" data-testid="sheet-truncated-columns">
          {t('preview.office.moreColumns', { shown: sheet.columns })}
        </Typography.Text>
      )}
      {model.sheets.length > 0 && (
        <Tabs
          className="xlsx-tabs"
          size="small"
          type="card"
          tabPosition="bottom"
          activeKey={String(active)}
          onChange={(k) => setActive(Number(k))}
          items={model.sheets.map((s, i) => ({ key: String(i), label: s.name }))}
        />
      )}
    </div>
  );
}
