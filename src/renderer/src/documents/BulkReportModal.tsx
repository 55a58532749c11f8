import { Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BulkFailure } from '../../../shared/bulk';
import { useErrorText } from '../bridge/useErrorText';

interface Props {
  failures: BulkFailure[] | null;
  onClose: () => void;
}

/** What a batch could not do, document by document, with the reason for each. */
export function BulkReportModal({ failures, onClose }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Modal
      open={failures !== null}
      title={t('bulk.report.title', { count: failures?.length ?? 0 })}
      onCancel={onClose}
      onOk={onClose}
      okText={t('bulk.report.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      width={620}
      data-testid="bulk-report"
    >
      <Typography.Paragraph>{t('bulk.report.intro')}</Typography.Paragraph>
      <Table<BulkFailure>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={failures ?? []}
        onRow={() => ({ 'data-testid': 'bulk-report-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('bulk.report.name'), ellipsis: true, render: (_, f) => f.name ?? t('bulk.report.unknownName') },
          { key: 'reason', title: t('bulk.report.reason'), render: (_, f) => errorText(f.error) },
        ]}
      />
    </Modal>
  );
}
