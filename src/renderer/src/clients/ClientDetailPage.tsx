import { ArrowLeftOutlined, EyeInvisibleOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Spin, Tag, Typography, type DescriptionsProps } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientDetail } from '../../../shared/domain';
import { useErrorText } from '../bridge/useErrorText';
import { useClientDetailStore } from '../stores/client-detail-store';
import { useRouteStore } from '../stores/route-store';
import { LabelTag } from './LabelTag';

/** One client's record (clientGet). Phone and bank account arrive masked from main. */
export function ClientDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { client, loading, error, load } = useClientDetailStore();
  const navigate = useRouteStore((s) => s.navigate);

  useEffect(() => {
    void load(id);
  }, [id, load]);

  return (
    <div className="client-detail-page" data-testid="client-detail-page">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate({ name: 'clients' })} className="client-detail-back">
        {t('clientDetail.back')}
      </Button>
      {loading && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      {error && <Alert type="error" showIcon title={t('clientDetail.loadFailed')} description={errorText(error)} />}
      {client && client.id === id && <ClientRecord client={client} />}
    </div>
  );
}

function ClientRecord({ client }: { client: ClientDetail }) {
  const { t, i18n } = useTranslation();
  const none = t('common.none');
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const when = (iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
  };
  const period = client.serviceStart || client.serviceEnd ? t('clientDetail.periodRange', { start: client.serviceStart ?? none, end: client.serviceEnd ?? none }) : none;

  const items: DescriptionsProps['items'] = [
    { key: 'creditCode', label: t('clientDetail.creditCode'), children: <span className="mono">{client.creditCode ?? none}</span> },
    { key: 'taxpayerType', label: t('clientDetail.taxpayerType'), children: client.taxpayerType ? t(`taxpayer.${client.taxpayerType}`) : none },
    { key: 'contactPerson', label: t('clientDetail.contactPerson'), children: client.contactPerson ?? none },
    { key: 'phone', label: t('clientDetail.phone'), children: <span className="mono" data-testid="client-phone">{client.phoneMasked ?? none}</span> },
    { key: 'address', label: t('clientDetail.address'), children: client.address ?? none, span: 2 },
    { key: 'bankAccount', label: t('clientDetail.bankAccount'), children: <span className="mono" data-testid="client-bank-account">{client.bankAccountMasked ?? none}</span> },
    { key: 'servicePeriod', label: t('clientDetail.servicePeriod'), children: period },
    { key: 'label', label: t('clientDetail.label'), children: <LabelTag label={client.label} /> },
    { key: 'status', label: t('clientDetail.status'), children: t(`clientStatus.${client.status}`) },
    { key: 'createdAt', label: t('clientDetail.createdAt'), children: when(client.createdAt) },
    { key: 'updatedAt', label: t('clientDetail.updatedAt'), children: when(client.updatedAt) },
    { key: 'notes', label: t('clientDetail.notes'), children: <span className="pre-wrap">{client.notes ?? none}</span>, span: 2 },
  ];

  return (
    <>
      <div className="client-detail-title">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="client-detail-name">
          {client.name}
        </Typography.Title>
        <LabelTag label={client.label} />
        {client.sample && <Tag>{t('clientDetail.sample')}</Tag>}
        <Typography.Text type="secondary" className="masked-hint">
          <EyeInvisibleOutlined /> {t('clientDetail.maskedHint')}
        </Typography.Text>
      </div>
      <Descriptions bordered size="small" column={2} title={t('clientDetail.basics')} items={items} styles={{ label: { width: 160 } }} />
    </>
  );
}
