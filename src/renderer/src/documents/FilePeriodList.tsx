import { LoadingOutlined } from '@ant-design/icons';
import { Select, Space, Tooltip, Typography } from 'antd';
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
  onChange: (index: number, period: ProposedPeriod) => void;
}

const EMPTY: ProposedPeriod = { year: null, month: null, evidence: null, source: null, category: null, categoryEvidence: null, categorySource: null };

/** Dropped files, each with the 所属期 and category read from its name or content (or 未识别), editable one by one. */
export function FilePeriodList({ names, periods, reading, categories, onChange }: Props) {
  const { t } = useTranslation();
  // The last dozen years, plus any year a name or content gave outside them.
  const years = recentYears(periods.map((p) => p.year));
  const categoryOptions = [...new Set([...DOCUMENT_CATEGORIES, ...categories])].map((c) => ({ value: c, label: c }));
  const from = (source: ProposedPeriod['source'], evidence: string | null) =>
    evidence ? t(source === 'content' ? 'content.period.fromContent' : 'content.period.fromName', { evidence }) : null;
  return (
    <div className="file-periods" data-testid="file-periods">
      <Typography.Text strong>{t('content.period.perFile')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('content.period.perFileHint')}
      </Typography.Paragraph>
      <ul className="file-periods-list">
        {names.map((name, i) => {
          const period = periods[i] ?? EMPTY;
          const label = period.year === null ? t('content.period.unknown') : periodText(t, { periodYear: period.year, periodMonth: period.month });
          return (
            <li key={`${i}:${name}`} className="file-periods-row" data-testid="file-period-row">
              <span className="file-periods-name" title={name}>
                {name}
              </span>
              <Tooltip title={from(period.source, period.evidence)}>
                <span
                  className={period.year === null ? 'file-periods-label file-periods-unknown' : 'file-periods-label'}
                  data-testid="file-period"
                  data-source={period.source ?? ''}
                >
                  {reading === i ? <LoadingOutlined aria-label={t('content.period.reading')} /> : label}
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
                  options={yearOptions(t, years)}
                  onChange={(year: number | undefined) => onChange(i, { ...period, year: year ?? null, month: year == null ? null : period.month, evidence: null, source: null })}
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
                  options={monthOptions(t)}
                  onChange={(month: number | undefined) => onChange(i, { ...period, month: month ?? null, evidence: null, source: null })}
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
                  onChange={(category: string | undefined) => onChange(i, { ...period, category: category ?? null, categoryEvidence: null, categorySource: null })}
                  data-testid="file-category"
                />
              </Tooltip>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
