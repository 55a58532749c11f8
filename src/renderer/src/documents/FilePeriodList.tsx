import { LoadingOutlined } from '@ant-design/icons';
import { Pagination, Select, Space, Tooltip, Typography } from 'antd';
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_CATEGORIES } from '../../../shared/domain';
import type { ProposedPeriod } from './file-periods';
import { periodText } from './columns';
import { monthOptions, recentYears, yearOptions } from './period-options';

interface Props {
  names: string[];
  periods: ProposedPeriod[];
  /** The file whose content is being read for a proposal now. */
  reading: number | null;
  /** Categories offered besides the suggested ones. */
  categories: string[];
  /** Stable (a row that did not change is not drawn again). */
  onChange: (index: number, period: ProposedPeriod) => void;
}

const EMPTY: ProposedPeriod = { year: null, month: null, evidence: null, source: null, category: null, categoryEvidence: null, categorySource: null };

/** Rows drawn at once: a folder of hundreds of files is shown a page at a time, so the dialog stays quick. */
export const FILE_ROWS_PER_PAGE = 50;

/** Each file of a batch (dropped or picked), with the 所属期 and category read from its name or content (or 未识别), editable one by one. */
export function FilePeriodList({ names, periods, reading, categories, onChange }: Props) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  // The last dozen years, plus any year a name or content gave outside them (the same list while those years are).
  const yearKey = [...new Set(periods.map((p) => p.year))].join(',');
  const years = useMemo(() => yearOptions(t, recentYears(yearKey.split(',').filter(Boolean).map(Number))), [t, yearKey]);
  const months = useMemo(() => monthOptions(t), [t]);
  const categoryOptions = useMemo(() => [...new Set([...DOCUMENT_CATEGORIES, ...categories])].map((c) => ({ value: c, label: c })), [categories]);
  const first = (page - 1) * FILE_ROWS_PER_PAGE;
  return (
    <div className="file-periods" data-testid="file-periods">
      <Typography.Text strong>{t('content.period.perFile')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('content.period.perFileHint')}
      </Typography.Paragraph>
      <ul className="file-periods-list">
        {names.slice(first, first + FILE_ROWS_PER_PAGE).map((name, n) => {
          const i = first + n;
          return (
            <FilePeriodRow
              key={`${i}:${name}`}
              index={i}
              name={name}
              period={periods[i] ?? EMPTY}
              reading={reading === i}
              years={years}
              months={months}
              categoryOptions={categoryOptions}
              onChange={onChange}
            />
          );
        })}
      </ul>
      {names.length > FILE_ROWS_PER_PAGE && (
        <Pagination
          size="small"
          simple
          current={page}
          pageSize={FILE_ROWS_PER_PAGE}
          total={names.length}
          onChange={setPage}
          style={{ marginTop: 8 }}
          data-testid="file-periods-pages"
        />
      )}
    </div>
  );
}

interface RowProps {
  index: number;
  name: string;
  period: ProposedPeriod;
  reading: boolean;
  years: { value: number; label: string }[];
  months: { value: number; label: string }[];
  categoryOptions: { value: string; label: string }[];
  onChange: Props['onChange'];
}

const FilePeriodRow = memo(function FilePeriodRow({ index, name, period, reading, years, months, categoryOptions, onChange }: RowProps) {
  const { t } = useTranslation();
  const from = (source: ProposedPeriod['source'], evidence: string | null) =>
    evidence ? t(source === 'content' ? 'content.period.fromContent' : 'content.period.fromName', { evidence }) : null;
  const label = period.year === null ? t('content.period.unknown') : periodText(t, { periodYear: period.year, periodMonth: period.month });
  return (
    <li className="file-periods-row" data-testid="file-period-row">
      <span className="file-periods-name" title={name}>
        {name}
      </span>
      <Tooltip title={from(period.source, period.evidence)}>
        <span className={period.year === null ? 'file-periods-label file-periods-unknown' : 'file-periods-label'} data-testid="file-period" data-source={period.source ?? ''}>
          {reading ? <LoadingOutlined aria-label={t('content.period.reading')} /> : label}
        </span>
      </Tooltip>
      <Space.Compact>
        <Select
          allowClear
          size="small"
          style={{ width: 96 }}
          value={period.year}
          placeholder={t('documents.fields.year')}
          aria-label={`${t('documents.fields.year')} ${name}`}
          options={years}
          onChange={(year: number | undefined) => onChange(index, { ...period, year: year ?? null, month: year == null ? null : period.month, evidence: null, source: null })}
          data-testid="file-period-year"
        />
        <Select
          allowClear
          size="small"
          style={{ width: 84 }}
          value={period.month}
          disabled={period.year === null}
          placeholder={t('documents.fields.wholeYear')}
          aria-label={`${t('documents.fields.month')} ${name}`}
          options={months}
          onChange={(month: number | undefined) => onChange(index, { ...period, month: month ?? null, evidence: null, source: null })}
          data-testid="file-period-month"
        />
      </Space.Compact>
      <Tooltip title={from(period.categorySource, period.categoryEvidence)}>
        <Select
          allowClear
          size="small"
          style={{ width: 112 }}
          value={period.category}
          placeholder={t('content.period.batchCategory')}
          aria-label={`${t('documents.fields.category')} ${name}`}
          options={categoryOptions}
          onChange={(category: string | undefined) => onChange(index, { ...period, category: category ?? null, categoryEvidence: null, categorySource: null })}
          data-testid="file-category"
        />
      </Tooltip>
    </li>
  );
});
