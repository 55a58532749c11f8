import { Alert, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OffboardReport } from '../../../shared/access';

type Row = OffboardReport['credentialsToRotate'][number];

/** The offboarding result's 待更换 list: every credential the person could have seen, to be changed at its site. */
export function OffboardCredentials({ credentials }: { credentials: OffboardReport['credentialsToRotate'] }) {
  const { t } = useTranslation();
  if (credentials.length === 0) return null;
  const columns: TableColumnsType<Row> = [
    { key: 'client', title: t('cred.offboard.client'), dataIndex: 'clientName', ellipsis: true },
    {
      key: 'title',
      title: t('cred.offboard.account'),
      // The kind only when the title does not already say it.
      render: (_, c) => (c.title === t(`cred.kinds.${c.kind}`) ? c.title : t('cred.offboard.accountKind', { title: c.title, kind: t(`cred.kinds.${c.kind}`) })),
    },
    { key: 'login', title: t('cred.offboard.login'), render: (_, c) => <span className="mono">{c.login ?? t('common.none')}</span> },
  ];
  return (
    <section data-testid="offboard-credentials" style={{ marginBottom: 12 }}>
      <Typography.Text strong>{t('cred.offboard.title', { count: credentials.length })}</Typography.Text>
      <Alert type="warning" showIcon title={t('cred.offboard.hint')} style={{ margin: '8px 0' }} />
      <Table<Row>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={credentials}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={() => ({ 'data-testid': 'offboard-credential' }) as React.HTMLAttributes<HTMLElement>}
      />
    </section>
  );
}
