import { ArrowLeftOutlined, DisconnectOutlined, EditOutlined, EyeInvisibleOutlined, InboxOutlined, KeyOutlined, ShareAltOutlined, TeamOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Descriptions, Popconfirm, Spin, Tag, Typography, type DescriptionsProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientDetail } from '../../../shared/domain';
import { useCan } from '../admin/access-store';
import { ClientReportAction, GrantsPanel } from '../admin/GrantsPanel';
import { useErrorText } from '../bridge/useErrorText';
import { CopyButton } from '../clipboard/CopyButton';
import { CredentialsPanel } from '../credentials/CredentialsPanel';
import { DocumentsPanel, type ExtraTab } from '../documents/DocumentsPanel';
import { SharesPanel } from '../documents/SharesPanel';
import { useClientDetailStore } from '../stores/client-detail-store';
import { useCredentialsStore } from '../stores/credentials-store';
import { useRouteStore } from '../stores/route-store';
import { ClientForm } from './ClientForm';
import { LabelTag } from './LabelTag';
import { RevealField } from './RevealField';
import { ClientHoldAction } from '../retention/ClientHoldAction';
import { HandbackModal } from '../retention/HandbackModal';
import { formatDate, formatDateTime } from '../format/dates';

/** One client's workspace: the record (masked fields revealed on demand), edit, archive, the documents and 账号密码. */
export function ClientDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { client, loading, error, load, setClient } = useClientDetailStore();
  const navigate = useRouteStore((s) => s.navigate);
  const route = useRouteStore((s) => s.route);
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState('active');
  const mayListCredentials = useCan('cred.list');
  const mayManageGrants = useCan('grant.manage');
  const mayListDocuments = useCan('doc.list');
  const credentialCount = useCredentialsStore((s) => (s.clientId === id && !s.error && !(s.loading && s.items.length === 0) ? s.items.length : null));

  useEffect(() => {
    void load(id);
  }, [id, load]);

  // Opened from search or the 账号到期与更换 page: straight to 账号密码 (again on every such navigation).
  useEffect(() => {
    if (route.name === 'client' && route.id === id) setTab(route.tab ?? 'active');
  }, [route, id]);

  function credentialsTab(of: ClientDetail): ExtraTab {
    return {
      key: 'credentials',
      label: (
        <span data-testid="cred-tab">
          <KeyOutlined /> {credentialCount === null ? t('cred.tab') : t('cred.tabCount', { count: credentialCount })}
        </span>
      ),
      children: <CredentialsPanel client={of} />,
    };
  }

  // 授权 is a tab beside 资料 and 账号密码, for the roles that manage grants.
  function grantsTab(of: ClientDetail): ExtraTab {
    return {
      key: 'grants',
      label: (
        <span data-testid="grants-tab">
          <TeamOutlined /> {t('admin.grants.title')}
        </span>
      ),
      children: <GrantsPanel clientId={of.id} />,
    };
  }

  // 分享记录: the client's share register, for those who may list its documents.
  function sharesTab(of: ClientDetail): ExtraTab {
    return {
      key: 'shares',
      label: (
        <span data-testid="shares-tab">
          <ShareAltOutlined /> {t('shares.tab')}
        </span>
      ),
      children: <SharesPanel clientId={of.id} />,
    };
  }

  const shown = client && client.id === id ? client : null;
  return (
    <div className="client-detail-page" data-testid="client-detail-page">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate({ name: 'clients' })} className="client-detail-back">
        {t('clientDetail.back')}
      </Button>
      {loading && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      {error && <Alert type="error" showIcon title={t('clientDetail.loadFailed')} description={errorText(error)} />}
      {shown && (
        <>
          <ClientRecord client={shown} onEdit={() => setEditing(true)} onChanged={setClient} />
          <DocumentsPanel
            client={shown}
            tab={tab}
            onTabChange={setTab}
            extraTabs={[...(mayListCredentials ? [credentialsTab(shown)] : []), ...(mayListDocuments ? [sharesTab(shown)] : []), ...(mayManageGrants ? [grantsTab(shown)] : [])]}
          />
          <ClientForm
            open={editing}
            editing={shown}
            onClose={() => setEditing(false)}
            onSaved={(updated) => {
              setEditing(false);
              setClient(updated);
            }}
          />
        </>
      )}
    </div>
  );
}

function ClientRecord({ client, onEdit, onChanged }: { client: ClientDetail; onEdit: () => void; onChanged: (client: ClientDetail) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const archive = useClientDetailStore((s) => s.archive);
  const [archiving, setArchiving] = useState(false);
  const ended = client.status === 'ended';
  // An ended client is read-only for everyone (main refuses with CLIENT_ENDED): its edit and archive buttons go.
  const mayEdit = useCan('client.edit') && !ended;
  const mayArchive = useCan('client.archive') && !ended;
  const mayEnd = useCan('client.end') && !ended;
  const [ending, setEnding] = useState(false);
  const none = t('common.none');
  const period = client.serviceStart || client.serviceEnd ? t('clientDetail.periodRange', { start: formatDate(client.serviceStart) || none, end: formatDate(client.serviceEnd) || none }) : none;
  const archived = client.status === 'archived';

  async function toggleArchive() {
    setArchiving(true);
    const updated = await archive(client.id, !archived);
    setArchiving(false);
    if (updated.ok) {
      onChanged(updated.data);
      void message.success(archived ? t('clientDetail.unarchived') : t('clientDetail.archived'));
    } else {
      void message.error(errorText(updated.error));
    }
  }

  const items: DescriptionsProps['items'] = [
    {
      key: 'creditCode',
      label: t('clientDetail.creditCode'),
      children: client.creditCode ? (
        <span className="reveal-field">
          <span className="mono">{client.creditCode}</span>
          <CopyButton text={client.creditCode} testId="client-credit-code-copy" />
        </span>
      ) : (
        none
      ),
    },
    { key: 'taxpayerType', label: t('clientDetail.taxpayerType'), children: client.taxpayerType ? t(`taxpayer.${client.taxpayerType}`) : none },
    { key: 'contactPerson', label: t('clientDetail.contactPerson'), children: client.contactPerson ?? none },
    { key: 'phone', label: t('clientDetail.phone'), children: <RevealField clientId={client.id} field="phone" masked={client.phoneMasked} testId="client-phone" /> },
    {
      key: 'bankAccount',
      label: t('clientDetail.bankAccount'),
      children: <RevealField clientId={client.id} field="bankAccount" masked={client.bankAccountMasked} testId="client-bank-account" />,
    },
    { key: 'servicePeriod', label: t('clientDetail.servicePeriod'), children: period },
    { key: 'address', label: t('clientDetail.address'), children: client.address ?? none, span: 2 },
    { key: 'updatedAt', label: t('clientDetail.updatedAt'), children: formatDateTime(client.updatedAt) },
    { key: 'notes', label: t('clientDetail.notes'), children: <span className="pre-wrap">{client.notes ?? none}</span>, span: 3 },
  ];

  return (
    <section className="client-record">
      <div className="client-detail-title">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="client-detail-name">
          {client.name}
        </Typography.Title>
        <LabelTag label={client.label} />
        <Tag color={ended ? 'warning' : archived ? 'default' : 'success'} data-testid="client-status">
          {t(`clientStatus.${client.status}`)}
        </Tag>
        {client.sample && <Tag>{t('clientDetail.sample')}</Tag>}
        <ClientHoldAction clientId={client.id} />
        <Typography.Text type="secondary" className="masked-hint">
          <EyeInvisibleOutlined /> {t('clientDetail.maskedHint')}
        </Typography.Text>
        {mayEdit && (
          <Button icon={<EditOutlined />} onClick={onEdit}>
            {t('clientDetail.edit')}
          </Button>
        )}
        {mayArchive && (
          <Popconfirm
            title={archived ? t('clientDetail.unarchiveConfirm') : t('clientDetail.archiveConfirm')}
            description={archived ? undefined : t('clientDetail.archiveHint')}
            okText={archived ? t('clientDetail.unarchive') : t('clientDetail.archive')}
            cancelText={t('common.cancel')}
            onConfirm={() => toggleArchive()}
          >
            <Button icon={archived ? <UndoOutlined /> : <InboxOutlined />} loading={archiving}>
              {archived ? t('clientDetail.unarchive') : t('clientDetail.archive')}
            </Button>
          </Popconfirm>
        )}
        <ClientReportAction clientId={client.id} />
        {mayEnd && (
          <Button danger icon={<DisconnectOutlined />} onClick={() => setEnding(true)} data-testid="client-end">
            {t('retention.handback.action')}
          </Button>
        )}
      </div>
      {ended && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('retention.handback.endedAlert', { date: formatDate(client.endedOn) })} data-testid="client-ended-alert" />}
      {mayEnd && <HandbackModal client={client} open={ending} onClose={() => setEnding(false)} />}
      <Descriptions bordered size="small" column={3} items={items} styles={{ label: { width: 150, whiteSpace: 'nowrap' } }} />
    </section>
  );
}
