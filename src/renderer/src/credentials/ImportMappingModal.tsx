import { Alert, Col, Form, Modal, Row, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CredentialColumnMapping, CredentialImportPreview } from '../../../shared/credentials';
import type { ClientSummary } from '../../../shared/domain';

/** The fields of an import, in the order the dialog asks for them. */
export const MAPPING_FIELDS = ['client', 'kind', 'title', 'login', 'password', 'pin', 'certPassword', 'phone', 'url', 'expiresOn', 'notes', 'totp'] as const satisfies readonly (keyof CredentialColumnMapping)[];

export interface MappingChoice {
  sheet: number;
  mapping: CredentialColumnMapping;
  clientId: string | null;
}

interface Props {
  preview: CredentialImportPreview | null;
  clients: ClientSummary[];
  /** The client whose tab the import started from: rows without a client go there. */
  defaultClientId: string | null;
  busy: boolean;
  onCancel: () => void;
  onRun: (choice: MappingChoice) => void;
}

/** A mapping that only names columns the sheet has. */
function fitMapping(mapping: CredentialColumnMapping, columns: number): CredentialColumnMapping {
  const fitted = { ...mapping };
  for (const field of MAPPING_FIELDS) if (fitted[field] !== null && fitted[field] >= columns) fitted[field] = null;
  return fitted;
}

/** 导入账号密码: which sheet, which column holds each field (suggested by main), and the client for rows that name none. */
export function ImportMappingModal({ preview, clients, defaultClientId, busy, onCancel, onRun }: Props) {
  const { t } = useTranslation();
  const [sheet, setSheet] = useState(0);
  const [mapping, setMapping] = useState<CredentialColumnMapping | null>(null);
  const [clientId, setClientId] = useState<string | null>(defaultClientId);

  useEffect(() => {
    setSheet(0);
    setMapping(preview ? preview.mapping : null);
    setClientId(defaultClientId);
  }, [preview, defaultClientId]);

  const current = preview?.sheets[sheet];
  const header = current?.header ?? [];
  const shown = mapping ?? preview?.mapping ?? null;
  const missingClient = shown !== null && shown.client === null && clientId === null;

  const columnOptions = [
    { value: -1, label: t('cred.import.none') },
    ...header.map((name, i) => ({ value: i, label: t('cred.import.column', { n: i + 1, name: name || '—' }) })),
  ];

  const sampleColumns: TableColumnsType<string[]> = header.map((name, i) => ({
    key: String(i),
    title: name || `#${i + 1}`,
    ellipsis: true,
    render: (_: unknown, row: string[]) => row[i] ?? '',
  }));

  function run() {
    if (!shown || missingClient) return;
    onRun({ sheet, mapping: shown, clientId });
  }

  return (
    <Modal
      open={preview !== null}
      title={t('cred.import.title', { name: preview?.fileName ?? '' })}
      okText={t('cred.import.run')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: missingClient }}
      onOk={run}
      onCancel={onCancel}
      confirmLoading={busy}
      width={900}
      destroyOnHidden
      data-testid="cred-import-mapping"
    >
      {preview && (
        <>
          <Typography.Paragraph type="secondary">
            {t('cred.import.detected', { format: t(`cred.import.formats.${preview.format}`) })}
          </Typography.Paragraph>
          {preview.sheets.length > 1 && (
            <Form.Item label={t('cred.import.sheet')}>
              <Select<number>
                value={sheet}
                style={{ width: 280 }}
                onChange={(next) => {
                  setSheet(next);
                  setMapping(fitMapping(shown ?? preview.mapping, preview.sheets[next]?.header.length ?? 0));
                }}
                options={preview.sheets.map((s, i) => ({ value: i, label: t('cred.import.sheetOption', { name: s.name, count: s.rows }) }))}
                data-testid="cred-import-sheet"
              />
            </Form.Item>
          )}
          <Typography.Text strong>{t('cred.import.sample')}</Typography.Text>
          <Table<string[]>
            size="small"
            rowKey={(_, i) => String(i)}
            columns={sampleColumns}
            dataSource={current?.sample ?? []}
            pagination={false}
            scroll={{ x: true }}
            style={{ margin: '8px 0 16px' }}
            data-testid="cred-import-sample"
          />
          <Typography.Text strong>{t('cred.import.mapping')}</Typography.Text>
          <Form layout="vertical" size="small" style={{ marginTop: 8 }}>
            <Row gutter={12}>
              {MAPPING_FIELDS.map((field) => (
                <Col span={8} key={field}>
                  <Form.Item label={t(`cred.import.fields.${field}`)}>
                    <Select<number>
                      value={shown?.[field] ?? -1}
                      onChange={(v) => setMapping({ ...(shown ?? preview.mapping), [field]: v < 0 ? null : v })}
                      options={columnOptions}
                      data-testid={`cred-import-map-${field}`}
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Form.Item label={t('cred.import.defaultClient')} extra={t('cred.import.defaultClientHint')}>
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={clientId ?? undefined}
                onChange={(v) => setClientId(v ?? null)}
                options={clients.map((c) => ({ value: c.id, label: c.name }))}
                style={{ width: 360 }}
                data-testid="cred-import-client"
              />
            </Form.Item>
          </Form>
          {missingClient && <Alert type="warning" showIcon title={t('cred.import.needClient')} />}
        </>
      )}
    </Modal>
  );
}
