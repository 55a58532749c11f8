import { Button, Modal, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientImportReport as Report, ClientImportReportRow } from '../../../shared/client-import';
import { useErrorText } from '../bridge/useErrorText';
import { DuplicateNote, useProblemText } from './import-words';

const STATUS_COLOR: Record<ClientImportReportRow['status'], string> = { imported: 'success', skipped: 'default', failed: 'error' };

/** After an import: one line per row of the sheet, imported (a link to the client), skipped or failed with the reason in words. */
export function ClientImportReport({ report, onClose, onOpenClient }: { report: Report | null; onClose: () => void; onOpenClient: (id: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const problemText = useProblemText();

  function reason(row: ClientImportReportRow): ReactNode {
    switch (row.status) {
      case 'imported':
        return (
          <Typography.Link onClick={() => onOpenClient(row.clientId)} data-testid="client-import-open">
            {t('clientImport.open')}
          </Typography.Link>
        );
      case 'skipped':
        if (row.reason === 'duplicate' && row.duplicate) {
          return (
            <>
              {t('clientImport.skips.duplicate')}
              <DuplicateNote duplicate={row.duplicate} onOpenClient={onOpenClient} />
            </>
          );
        }
        return t(`clientImport.skips.${row.reason}`);
      case 'failed':
        if (row.reason === 'invalid') return problemText(row.problems);
        if (row.reason === 'duplicate') {
          return (
            <>
              {t('clientImport.failedDuplicate')}
              <DuplicateNote duplicate={row.duplicate} onOpenClient={onOpenClient} />
            </>
          );
        }
        return errorText({ code: row.code, message: '' });
      default: {
        const unreachable: never = row;
        return unreachable;
      }
    }
  }

  const columns: TableColumnsType<ClientImportReportRow> = [
    { key: 'row', title: t('clientImport.row'), dataIndex: 'row', width: 64 },
    {
      key: 'status',
      title: t('clientImport.result'),
      width: 92,
      render: (_, r) => (
        <Tag color={STATUS_COLOR[r.status]} data-testid="client-import-report-status">
          {t(`clientImport.reportStatuses.${r.status}`)}
        </Tag>
      ),
    },
    { key: 'name', title: t('clientImport.name'), ellipsis: true, render: (_, r) => r.name || <Typography.Text type="secondary">{t('clientImport.noName')}</Typography.Text> },
    { key: 'reason', title: t('clientImport.reason'), render: (_, r) => reason(r) },
  ];

  return (
    <Modal
      open={report !== null}
      title={t('clientImport.reportTitle')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('clientImport.done')}
        </Button>
      }
      width={860}
      data-testid="client-import-report"
    >
      {report && (
        <>
          <Typography.Paragraph data-testid="client-import-summary">
            {t('clientImport.summary', { file: report.fileName, imported: report.imported, skipped: report.skipped, failed: report.failed })}
          </Typography.Paragraph>
          <Table<ClientImportReportRow>
            size="small"
            rowKey="row"
            columns={columns}
            dataSource={report.rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            onRow={(r) => ({ 'data-testid': 'client-import-report-row', 'data-row': r.row }) as React.HTMLAttributes<HTMLElement>}
          />
        </>
      )}
    </Modal>
  );
}
