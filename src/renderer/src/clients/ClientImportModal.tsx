import { Alert, Col, Form, Modal, Row, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CLIENT_IMPORT_FIELDS,
  MULTI_COLUMN_FIELD,
  type ClientColumnMapping,
  type ClientImportCheck,
  type ClientImportField,
  type ClientImportPreview,
  type ClientRowCheck,
  type ClientRowStatus,
} from '../../../shared/client-import';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { DuplicateNote, useProblemText } from './import-words';

export interface ImportChoice {
  sheet: number;
  mapping: ClientColumnMapping;
  skip: number[];
}

interface Props {
  preview: ClientImportPreview | null;
  busy: boolean;
  /** Main checks the rows again with another mapping or sheet. */
  check: (sheet: number, mapping: ClientColumnMapping) => Promise<{ ok: true; data: ClientImportCheck } | { ok: false; error: ErrorData }>;
  onCancel: () => void;
  onRun: (choice: ImportChoice) => void;
  onOpenClient: (id: string) => void;
}

const STATUS_COLOR: Record<ClientRowStatus, string> = { ready: 'success', invalid: 'error', duplicate: 'warning', empty: 'default' };
const IGNORE = '';

/** Ticked unless the person said otherwise: ready rows are, duplicates are not; bad and blank rows cannot be. */
const tickedByDefault = (row: ClientRowCheck) => row.status === 'ready';
const tickable = (row: ClientRowCheck) => row.status === 'ready' || row.status === 'duplicate';

/** 导入客户: which column fills which field (main's guess, changeable), each row checked, rows to import ticked. */
export function ClientImportModal({ preview, busy, check, onCancel, onRun, onOpenClient }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const problemText = useProblemText();
  const [checked, setChecked] = useState<ClientImportCheck | null>(null);
  const [choices, setChoices] = useState<Map<number, boolean>>(new Map());
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);

  useEffect(() => {
    setChecked(preview ? { sheet: preview.sheet, mapping: preview.mapping, rows: preview.rows } : null);
    setChoices(new Map());
    setError(null);
  }, [preview]);

  const sheet = preview?.sheets[checked?.sheet ?? 0];
  const rows = useMemo(() => (checked?.rows ?? []).filter((r) => r.status !== 'empty'), [checked]);
  const isTicked = (row: ClientRowCheck) => tickable(row) && (choices.get(row.row) ?? tickedByDefault(row));
  const ticked = rows.filter(isTicked);
  const count = (status: ClientRowStatus) => rows.filter((r) => r.status === status).length;

  async function recheck(sheetIndex: number, mapping: ClientColumnMapping) {
    setChecking(true);
    const answer = await check(sheetIndex, mapping);
    setChecking(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setError(null);
    setChecked(answer.data);
  }

  function mapColumn(col: number, field: ClientImportField | null) {
    if (!checked) return;
    // A field other than notes fills one column: choosing it here frees the column that had it.
    const mapping = checked.mapping.map((f, i) => (i === col ? field : field !== MULTI_COLUMN_FIELD && f === field ? null : f));
    void recheck(checked.sheet, mapping);
  }

  function run() {
    if (!checked) return;
    // Only rows that could be ticked are skipped by choice: a bad row is reported as failed, a blank one as blank.
    const skip = checked.rows.filter((r) => tickable(r) && !isTicked(r)).map((r) => r.row);
    onRun({ sheet: checked.sheet, mapping: checked.mapping, skip });
  }

  const fieldOptions = [
    { value: IGNORE, label: t('clientImport.ignore') },
    ...CLIENT_IMPORT_FIELDS.map((f) => ({ value: f, label: t(`clientImport.fields.${f}`) })),
  ];

  const columns: TableColumnsType<ClientRowCheck> = [
    { key: 'row', title: t('clientImport.row'), dataIndex: 'row', width: 64 },
    {
      key: 'status',
      title: t('clientImport.check'),
      width: 92,
      render: (_, r) => (
        <Tag color={STATUS_COLOR[r.status]} data-testid="client-import-status">
          {t(`clientImport.statuses.${r.status}`)}
        </Tag>
      ),
    },
    { key: 'name', title: t('clientImport.name'), ellipsis: true, render: (_, r) => r.name || <Typography.Text type="secondary">{t('clientImport.noName')}</Typography.Text> },
    { key: 'code', title: t('clientImport.creditCode'), width: 190, render: (_, r) => r.creditCode ?? '' },
    { key: 'contact', title: t('clientImport.contactPerson'), width: 100, ellipsis: true, render: (_, r) => r.contactPerson ?? '' },
    {
      key: 'detail',
      title: t('clientImport.reason'),
      render: (_, r) =>
        r.problems.length > 0 ? (
          <Typography.Text type="danger">{problemText(r.problems)}</Typography.Text>
        ) : r.duplicate ? (
          <DuplicateNote duplicate={r.duplicate} onOpenClient={onOpenClient} />
        ) : null,
    },
  ];

  return (
    <Modal
      open={preview !== null}
      title={t('clientImport.title', { name: preview?.fileName ?? '' })}
      okText={t('clientImport.run', { count: ticked.length })}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: ticked.length === 0 || checking, 'data-testid': 'client-import-run' }}
      onOk={run}
      onCancel={onCancel}
      confirmLoading={busy}
      width={1040}
      destroyOnHidden
      data-testid="client-import-preview"
    >
      {preview && checked && sheet && (
        <>
          <Typography.Paragraph type="secondary">{t('clientImport.intro', { row: sheet.headerRow })}</Typography.Paragraph>
          {preview.sheets.length > 1 && (
            <Form.Item label={t('clientImport.sheet')}>
              <Select<number>
                value={checked.sheet}
                style={{ width: 280 }}
                onChange={(next) => void recheck(next, [])}
                options={preview.sheets.map((s, i) => ({ value: i, label: t('clientImport.sheetOption', { name: s.name, count: s.rows }) }))}
                data-testid="client-import-sheet"
              />
            </Form.Item>
          )}
          <Typography.Text strong>{t('clientImport.mapping')}</Typography.Text>
          <Form layout="vertical" size="small" style={{ marginTop: 8 }}>
            <Row gutter={12}>
              {sheet.header.map((name, col) => (
                <Col span={6} key={col}>
                  <Form.Item label={t('clientImport.column', { n: col + 1, name: name || '—' })} style={{ marginBottom: 8 }}>
                    <Select<string>
                      value={checked.mapping[col] ?? IGNORE}
                      onChange={(v) => mapColumn(col, v === IGNORE ? null : (v as ClientImportField))}
                      options={fieldOptions}
                      disabled={checking}
                      data-testid={`client-import-map-${col}`}
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Form>
          {error && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 8 }} />}
          <Typography.Paragraph data-testid="client-import-counts">
            <Typography.Text strong>{t('clientImport.rows')}</Typography.Text>
            {'　'}
            {t('clientImport.counts', { ready: count('ready'), duplicate: count('duplicate'), invalid: count('invalid') })}
          </Typography.Paragraph>
          <Table<ClientRowCheck>
            size="small"
            rowKey="row"
            columns={columns}
            dataSource={rows}
            loading={checking}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            rowSelection={{
              selectedRowKeys: ticked.map((r) => r.row),
              getCheckboxProps: (r) => ({ disabled: !tickable(r) }),
              onSelect: (r, selected) => setChoices((prev) => new Map(prev).set(r.row, selected)),
              onSelectAll: (selected) => setChoices(new Map(rows.filter(tickable).map((r) => [r.row, selected]))),
            }}
            onRow={(r) => ({ 'data-testid': 'client-import-row', 'data-row': r.row }) as React.HTMLAttributes<HTMLElement>}
          />
        </>
      )}
    </Modal>
  );
}
