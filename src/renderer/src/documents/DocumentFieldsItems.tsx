import { AutoComplete, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentFields } from '../../../shared/contract';
import { DOCUMENT_CATEGORIES } from '../../../shared/domain';
import { monthOptions, recentYears, yearOptions } from './period-options';

/** The filing fields as the form holds them (everything optional: blank is allowed). */
export interface FieldValues {
  category?: string;
  periodYear?: number | null;
  periodMonth?: number | null;
  tags?: string[];
  notes?: string;
}

const TAG_SUGGESTIONS = ['已审核', '待补充', '原件已归档', '电子发票', '季度', '年报', '重要'];

export function toDocumentFields(values: FieldValues): DocumentFields {
  const year = values.periodYear ?? null;
  return {
    category: (values.category ?? '').trim(),
    periodYear: year,
    // A month without a year means nothing.
    periodMonth: year === null ? null : (values.periodMonth ?? null),
    tags: [...new Set((values.tags ?? []).map((tag) => tag.trim()).filter(Boolean))],
    notes: values.notes ?? '',
  };
}

export function fromDocumentFields(fields: DocumentFields): FieldValues {
  return { ...fields, tags: [...fields.tags] };
}

interface ItemsProps {
  extraCategories?: string[];
  /** Another name for 所属期 (an import batch sets every file's period from it: 全部设为…). */
  periodLabel?: string;
}

/** 类别 / 所属期 / 标签 / 备注, shared by the import form and the edit form. */
export function DocumentFieldsItems({ extraCategories = [], periodLabel }: ItemsProps) {
  const { t } = useTranslation();
  const years = recentYears();
  const categories = [...new Set([...DOCUMENT_CATEGORIES, ...extraCategories])];
  return (
    <>
      <Form.Item name="category" label={t('documents.fields.category')} extra={t('documents.fields.categoryHint')}>
        <AutoComplete
          allowClear
          maxLength={50}
          placeholder={t('documents.fields.categoryPlaceholder')}
          options={categories.map((c) => ({ value: c }))}
          filterOption={(input, option) => (option?.value ?? '').includes(input.trim())}
          data-testid="fields-category"
        />
      </Form.Item>
      <Form.Item label={periodLabel ?? t('documents.fields.period')}>
        <Space.Compact block>
          <Form.Item name="periodYear" noStyle>
            <Select
              allowClear
              style={{ width: '50%' }}
              placeholder={t('documents.fields.year')}
              aria-label={t('documents.fields.year')}
              options={yearOptions(t, years)}
              data-testid="fields-year"
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a: FieldValues, b: FieldValues) => a.periodYear !== b.periodYear}>
            {({ getFieldValue }) => (
              <Form.Item name="periodMonth" noStyle>
                <Select
                  allowClear
                  style={{ width: '50%' }}
                  disabled={getFieldValue('periodYear') == null}
                  placeholder={t('documents.fields.wholeYear')}
                  aria-label={t('documents.fields.month')}
                  options={monthOptions(t)}
                  data-testid="fields-month"
                />
              </Form.Item>
            )}
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="tags" label={t('documents.fields.tags')}>
        <Select
          mode="tags"
          maxCount={20}
          tokenSeparators={[',', '，', ' ']}
          placeholder={t('documents.fields.tagsPlaceholder')}
          options={TAG_SUGGESTIONS.map((tag) => ({ value: tag }))}
          data-testid="fields-tags"
        />
      </Form.Item>
      <Form.Item name="notes" label={t('documents.fields.notes')}>
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
    </>
  );
}
