import { Alert, AutoComplete, Checkbox, Form, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkChangeInput } from '../../../shared/bulk';
import { DOCUMENT_CATEGORIES, type DocumentMeta } from '../../../shared/domain';
import { monthOptions, recentYears, yearOptions } from './period-options';

interface Values {
  category?: string;
  setPeriod?: boolean;
  periodYear?: number | null;
  periodMonth?: number | null;
  addTags?: string[];
  removeTags?: string[];
}

interface Props {
  /** The selected documents; null keeps the modal closed. */
  documents: readonly DocumentMeta[] | null;
  categories: string[];
  busy: boolean;
  onCancel: () => void;
  onSubmit: (change: BulkChangeInput) => void;
}

/** What the form asks for, as a change; null when it asks for nothing. */
export function changeOf(values: Values): BulkChangeInput | null {
  const change: BulkChangeInput = {};
  const category = (values.category ?? '').trim();
  if (category) change.category = category;
  if (values.setPeriod) {
    const year = values.periodYear ?? null;
    change.period = { year, month: year === null ? null : (values.periodMonth ?? null) };
  }
  const clean = (tags: string[] | undefined) => [...new Set((tags ?? []).map((tag) => tag.trim()).filter(Boolean))];
  const addTags = clean(values.addTags);
  const removeTags = clean(values.removeTags);
  if (addTags.length > 0) change.addTags = addTags;
  if (removeTags.length > 0) change.removeTags = removeTags;
  return Object.keys(change).length > 0 ? change : null;
}

/** 批量修改: category, period and tags of every selected document; names and notes are left as they are. */
export function BulkEditModal({ documents, categories, busy, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [nothing, setNothing] = useState(false);
  const years = recentYears();
  const present = [...new Set((documents ?? []).flatMap((d) => d.tags))];
  const categoryOptions = [...new Set([...DOCUMENT_CATEGORIES, ...categories])].map((c) => ({ value: c }));

  function submit(values: Values) {
    const change = changeOf(values);
    setNothing(change === null);
    if (change) onSubmit(change);
  }

  return (
    <Modal
      open={documents !== null}
      title={t('bulk.editModal.title', { count: documents?.length ?? 0 })}
      okText={t('bulk.editModal.submit')}
      cancelText={t('common.cancel')}
      onCancel={() => {
        setNothing(false);
        onCancel();
      }}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      width={520}
      data-testid="bulk-edit-modal"
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('bulk.editModal.hint')} />
      {nothing && <Alert type="warning" showIcon role="alert" style={{ marginBottom: 16 }} title={t('bulk.editModal.nothing')} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item name="category" label={t('bulk.editModal.category')}>
          <AutoComplete
            allowClear
            maxLength={50}
            placeholder={t('bulk.editModal.categoryPlaceholder')}
            options={categoryOptions}
            filterOption={(input, option) => (option?.value ?? '').includes(input.trim())}
          />
        </Form.Item>
        <Form.Item name="setPeriod" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid="bulk-set-period">{t('bulk.editModal.setPeriod')}</Checkbox>
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a: Values, b: Values) => a.setPeriod !== b.setPeriod || a.periodYear !== b.periodYear}>
          {({ getFieldValue }) =>
            getFieldValue('setPeriod') ? (
              <Form.Item label={t('bulk.editModal.period')} extra={t('bulk.editModal.noPeriod')}>
                <Space.Compact block>
                  <Form.Item name="periodYear" noStyle>
                    <Select
                      allowClear
                      style={{ width: '50%' }}
                      placeholder={t('documents.fields.year')}
                      aria-label={t('documents.fields.year')}
                      options={yearOptions(t, years)}
                      data-testid="bulk-year"
                    />
                  </Form.Item>
                  <Form.Item name="periodMonth" noStyle>
                    <Select
                      allowClear
                      style={{ width: '50%' }}
                      disabled={getFieldValue('periodYear') == null}
                      placeholder={t('documents.fields.wholeYear')}
                      aria-label={t('documents.fields.month')}
                      options={monthOptions(t)}
                      data-testid="bulk-month"
                    />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            ) : null
          }
        </Form.Item>
        <Form.Item name="addTags" label={t('bulk.editModal.addTags')}>
          <Select mode="tags" maxCount={20} tokenSeparators={[',', '，', ' ']} placeholder={t('documents.fields.tagsPlaceholder')} data-testid="bulk-add-tags" />
        </Form.Item>
        <Form.Item name="removeTags" label={t('bulk.editModal.removeTags')}>
          <Select
            mode="multiple"
            placeholder={t('bulk.editModal.removeTagsPlaceholder')}
            options={present.map((tag) => ({ value: tag }))}
            data-testid="bulk-remove-tags"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
