import { CheckCircleOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CredentialSummary } from '../../../shared/credentials';
import { useCan } from '../admin/access-store';
import { useErrorText } from '../bridge/useErrorText';
import { useCredentialsStore } from '../stores/credentials-store';
import { useRouteStore } from '../stores/route-store';
import { ExpiryTag, HygieneTags } from './CredentialTags';

interface Props {
  credentials: CredentialSummary[];
  loading: boolean;
  empty: string;
  /** Offer 标记已更换 on rows that are 待更换. */
  markable?: boolean;
  testId: string;
}

/** Credentials across clients (the 账号到期与更换 page): client, kind, title, login, expiry, what needs doing; 查看 opens the client's 账号密码. */
export function CredentialSummaryTable({ credentials, loading, empty, markable = false, testId }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const navigate = useRouteStore((s) => s.navigate);
  const markRotated = useCredentialsStore((s) => s.markRotated);
  const mayEdit = useCan('cred.edit');
  const [marking, setMarking] = useState<string | null>(null);

  async function mark(c: CredentialSummary) {
    setMarking(c.id);
    const done = await markRotated(c.id);
    setMarking(null);
    if (done.ok) void message.success(t('cred.card.rotated', { title: c.title }));
    else void message.error(errorText(done.error));
  }

  const open = (c: CredentialSummary) => navigate({ name: 'client', id: c.clientId, tab: 'credentials' });

  const columns: TableColumnsType<CredentialSummary> = [
    {
      key: 'client',
      title: t('cred.fields.client'),
      ellipsis: true,
      sorter: (a, b) => a.clientName.localeCompare(b.clientName, 'zh-CN'),
      render: (_, c) => (
        <Typography.Link onClick={() => open(c)} title={c.clientName}>
          {c.clientName}
        </Typography.Link>
      ),
    },
    { key: 'kind', title: t('cred.fields.kind'), width: 150, render: (_, c) => <Tag color="blue">{t(`cred.kinds.${c.kind}`)}</Tag> },
    { key: 'title', title: t('cred.fields.title'), ellipsis: true, render: (_, c) => <span data-testid="cred-row-title">{c.title}</span> },
    { key: 'login', title: t('cred.fields.login'), ellipsis: true, render: (_, c) => <span className="mono">{c.login ?? t('common.none')}</span> },
    {
      key: 'expiresOn',
      title: t('cred.fields.expiresOn'),
      width: 200,
      sorter: (a, b) => (a.expiresOn ?? '9999').localeCompare(b.expiresOn ?? '9999'),
      render: (_, c) =>
        c.expiresOn ? (
          <Space size={6}>
            <span>{c.expiresOn}</span>
            <ExpiryTag expiresOn={c.expiresOn} />
          </Space>
        ) : (
          <span className="cell-none">{t('common.none')}</span>
        ),
    },
    { key: 'status', title: t('cred.page.status'), render: (_, c) => <HygieneTags credential={c} /> },
    {
      key: 'actions',
      title: t('cred.page.actions'),
      width: markable ? 200 : 90,
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => open(c)} data-testid="cred-row-open">
            {t('cred.page.openClient')}
          </Button>
          {markable && mayEdit && c.rotationDue.length > 0 && (
            <Button type="link" size="small" icon={<CheckCircleOutlined />} loading={marking === c.id} onClick={() => void mark(c)} data-testid="cred-row-mark-rotated">
              {t('cred.card.markRotated')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Table<CredentialSummary>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={credentials}
      loading={loading && credentials.length === 0}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: empty }}
      onRow={(c) => ({ 'data-testid': 'cred-row', 'data-title': c.title }) as React.HTMLAttributes<HTMLElement>}
      data-testid={testId}
    />
  );
}
