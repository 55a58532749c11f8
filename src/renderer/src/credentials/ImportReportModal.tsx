import { Button, Modal, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CredentialImportRow } from '../../../shared/credentials';
import { useErrorText } from '../bridge/useErrorText';
import { rowReason } from './import-reasons';

const STATUS_COLOR: Record<CredentialImportRow['status'], string> = { imported: 'success', skipped: 'default', failed: 'error' };

/** After an import: one line per row of the sheet, imported, skipped or failed with the reason. */
export function ImportReportModal({ rows, onClose }: { rows: CredentialImportRow[] | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const count = (status: CredentialImportRow['status']) => rows?.filter((r) => r.status === status).length ?? 0;

  function detail(row: CredentialImportRow): string {
    if (row.status === 'imported') return row.title;
    const reason = rowReason(row);
    switch (reason.kind) {
      case 'skip':
        return t(`cred.import.skips.${reason.reason}`);
      case 'field':
        return t('cred.import.fieldProblem', {
          field: t(`cred.import.fields.${reason.field}`),
          problem: reason.problem ? t(`cred.import.problems.${reason.problem}`) : reason.text,
        });
      case 'other':
        // A client not found or named twice: main's words name it; the code's sentence says what kind of problem it is.
        if (row.status === 'skipped') return reason.text;
        return reason.text ? t('cred.import.failedDetail', { reason: errorText({ code: row.code, message: '' }), detail: reason.text }) : errorText({ code: row.code, message: '' });
      default: {
        const unreachable: never = reason;
        return unreachable;
      }
    }
  }

  const columns: TableColumnsType<CredentialImportRow> = [
    { key: 'row', title: t('cred.import.row'), dataIndex: 'row', width: 70 },
    {
      key: 'status',
      title: t('cred.import.result'),
      width: 100,
      render: (_, r) => (
        <Tag color={STATUS_COLOR[r.status]} data-testid="cred-import-status">
          {t(`cred.import.statuses.${r.status}`)}
        </Tag>
      ),
    },
    { key: 'detail', title: t('cred.import.detail'), render: (_, r) => detail(r) },
  ];

  return (
    <Modal
      open={rows !== null}
      title={t('cred.import.reportTitle')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('cred.import.done')}
        </Button>
      }
      width={720}
      data-testid="cred-import-report"
    >
      <Typography.Paragraph data-testid="cred-import-summary">
        {t('cred.import.summary', { imported: count('imported'), skipped: count('skipped'), failed: count('failed') })}
      </Typography.Paragraph>
      <Table<CredentialImportRow>
        size="small"
        rowKey="row"
        columns={columns}
        dataSource={rows ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={() => ({ 'data-testid': 'cred-import-row' }) as React.HTMLAttributes<HTMLElement>}
      />
    </Modal>
  );
}
