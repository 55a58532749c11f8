import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BackupFileInfo } from '../../../shared/domain';
import { formatSize } from '../documents/format';
import { formatDateTime } from '../format/dates';
import { useBackupStore } from './backup-store';
import { useBackupErrorText } from './useBackupErrorText';

/** This vault's backups found in the backup folder, newest first; the owner restores from a row. */
export function BackupList({ onRestore }: { onRestore: ((file: BackupFileInfo) => void) | null }) {
  const { t } = useTranslation();
  const backupErrorText = useBackupErrorText();
  const listing = useBackupStore((s) => s.listing);
  const loadList = useBackupStore((s) => s.loadList);

  return (
    <Card
      title={t('backup.list.title')}
      data-testid="backup-list"
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void loadList()}>
          {t('backup.list.refresh')}
        </Button>
      }
    >
      {listing?.folder && (
        <Typography.Paragraph type="secondary" className="mono" style={{ marginTop: 0 }}>
          {listing.folder}
        </Typography.Paragraph>
      )}
      {listing?.error && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('backup.list.unreadable', { folder: listing.folder ?? '', reason: backupErrorText({ code: listing.error, message: '', detail: { what: listing.folder ?? '' } }) })}
        />
      )}
      <Table<BackupFileInfo>
        size="small"
        rowKey="path"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={listing?.files ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={listing?.folder ? t('backup.list.empty') : t('backup.list.noFolder')} /> }}
        onRow={() => ({ 'data-testid': 'backup-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('backup.list.name'), dataIndex: 'name', render: (name: string) => <span className="mono">{name}</span> },
          { key: 'time', title: t('backup.list.time'), dataIndex: 'createdAt', width: 170, render: (at: string) => formatDateTime(at) },
          { key: 'size', title: t('backup.list.size'), dataIndex: 'size', width: 100, align: 'right', render: (size: number) => formatSize(size) },
          ...(onRestore
            ? [
                {
                  key: 'actions',
                  title: t('backup.list.actions'),
                  width: 100,
                  render: (_: unknown, file: BackupFileInfo) => (
                    <Button size="small" onClick={() => onRestore(file)}>
                      {t('backup.list.restore')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
