import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { listLabel, missingApprovals, type DestructionItem, type DestructionList } from '../../../shared/retention';
import { useErrorText } from '../bridge/useErrorText';
import { useVaultStore } from '../stores/vault-store';
import { useRetentionStore } from './retention-store';

const STATE_COLOR: Record<DestructionList['state'], string> = { open: 'orange', approved: 'blue', done: 'green', cancelled: 'default' };

/** 会计档案销毁清册 (owners and admins): what has passed retention, the lists, approval, carrying out, the certificate. */
export function DestructionPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const errorText = useErrorText();
  const me = useVaultStore((s) => s.status?.staff ?? null);
  const { candidates, lists, loading, error, load, create, approve, cancel, execute, certificate } = useRetentionStore();

  useEffect(() => {
    void load();
  }, [load]);

  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const period = (i: Pick<DestructionItem, 'periodYear' | 'periodMonth'>) => (i.periodYear === null ? t('retention.page.noPeriod') : i.periodMonth === null ? String(i.periodYear) : `${i.periodYear}-${String(i.periodMonth).padStart(2, '0')}`);

  async function report<T>(run: Promise<{ ok: true; data: T } | { ok: false; error: Parameters<typeof errorText>[0] }>, success: (data: T) => string | null) {
    const result = await run;
    if (!result.ok) void message.error(errorText(result.error));
    else {
      const text = success(result.data);
      if (text) void message.success(text);
    }
  }

  function confirm(title: string, onOk: () => Promise<void>) {
    void modal.confirm({ title, okText: t('retention.page.confirm'), cancelText: t('retention.page.dismiss'), okButtonProps: { danger: true }, onOk });
  }

  const itemColumns = (withOutcome: boolean) => [
    { title: t('retention.page.client'), dataIndex: 'clientName', key: 'client' },
    { title: t('retention.page.document'), dataIndex: 'name', key: 'name' },
    { title: t('retention.page.category'), dataIndex: 'category', key: 'category' },
    { title: t('retention.page.periodCol'), key: 'period', render: (_: unknown, i: DestructionItem) => period(i) },
    { title: t('retention.page.until'), dataIndex: 'keepUntil', key: 'until' },
    ...(withOutcome ? [{ title: t('retention.page.state'), key: 'outcome', render: (_: unknown, i: DestructionItem) => <span data-outcome={i.outcome}>{t(`retention.page.outcomes.${i.outcome}`)}</span> }] : []),
  ];

  function actions(l: DestructionList) {
    const mine = l.approvals.some((a) => a.staffId === me?.id);
    const label = listLabel(l.id);
    return (
      <Space wrap>
        {l.state === 'open' && !mine && (
          <Button size="small" type="primary" onClick={() => void report(approve(l.id), () => t('retention.page.approved'))} data-testid="destruction-approve">
            {t('retention.page.approve')}
          </Button>
        )}
        {l.state === 'approved' && (
          <Button
            size="small"
            danger
            type="primary"
            data-testid="destruction-execute"
            onClick={() =>
              confirm(t('retention.page.executeConfirm', { list: label, count: l.items.length }), () =>
                report(execute(l.id), (done) => {
                  const destroyed = done.items.filter((i) => i.outcome === 'destroyed').length;
                  return t('retention.page.executed', { destroyed, kept: done.items.length - destroyed });
                }),
              )
            }
          >
            {t('retention.page.execute')}
          </Button>
        )}
        {(l.state === 'open' || l.state === 'approved') && (
          <Button size="small" onClick={() => confirm(t('retention.page.cancelConfirm', { list: label }), () => report(cancel(l.id), () => t('retention.page.cancelled')))} data-testid="destruction-cancel">
            {t('retention.page.cancel')}
          </Button>
        )}
        {l.state === 'done' && (
          <Button size="small" onClick={() => void report(certificate(l.id), (saved) => (saved.cancelled ? null : t('retention.page.certificateSaved', { path: saved.path })))} data-testid="destruction-certificate">
            {t('retention.page.certificate')}
          </Button>
        )}
      </Space>
    );
  }

  return (
    <div className="destruction-page" data-testid="destruction-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4}>{t('retention.page.title')}</Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading}>
          {t('retention.page.reload')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('retention.page.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Card
        title={t('retention.page.candidates', { count: candidates.length })}
        extra={
          <Button type="primary" disabled={candidates.length === 0} onClick={() => void report(create(), (l) => t('retention.page.created', { list: listLabel(l.id) }))} data-testid="destruction-create">
            {t('retention.page.create')}
          </Button>
        }
        style={{ marginBottom: 16 }}
      >
        <Table<DestructionItem>
          rowKey="documentId"
          size="small"
          dataSource={candidates}
          columns={itemColumns(false)}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('retention.page.noCandidates') }}
          data-testid="destruction-candidates"
        />
      </Card>
      <Card title={t('retention.page.lists')}>
        <Table<DestructionList>
          rowKey="id"
          size="small"
          dataSource={lists}
          pagination={false}
          locale={{ emptyText: t('retention.page.noLists') }}
          data-testid="destruction-lists"
          onRow={(l) => ({ 'data-list': listLabel(l.id), 'data-state': l.state }) as React.HTMLAttributes<HTMLElement>}
          expandable={{ expandedRowRender: (l) => <Table<DestructionItem> rowKey="documentId" size="small" pagination={false} dataSource={l.items} columns={itemColumns(l.state === 'done')} /> }}
          columns={[
            { title: t('retention.page.list'), key: 'label', render: (_, l) => listLabel(l.id) },
            { title: t('retention.page.state'), key: 'state', render: (_, l) => <Tag color={STATE_COLOR[l.state]}>{t(`retention.page.states.${l.state}`)}</Tag> },
            { title: t('retention.page.items'), key: 'items', render: (_, l) => l.items.length },
            {
              title: t('retention.page.approvals'),
              key: 'approvals',
              render: (_, l) => (
                <Space direction="vertical" size={0}>
                  {l.approvals.map((a) => (
                    <span key={a.staffId}>
                      {a.name} · {dateTime.format(new Date(a.at))}
                    </span>
                  ))}
                  {l.state === 'open' && (
                    <Typography.Text type="secondary">
                      {t('retention.page.needs', { roles: missingApprovals(l).map((r) => t(r === 'owner' ? 'retention.page.roleOwner' : 'retention.page.roleAdmin')).join('、') })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            { title: t('retention.page.createdAt'), key: 'createdAt', render: (_, l) => `${dateTime.format(new Date(l.createdAt))} · ${l.createdByName}` },
            { title: t('retention.page.actions'), key: 'actions', render: (_, l) => actions(l) },
          ]}
        />
      </Card>
    </div>
  );
}
