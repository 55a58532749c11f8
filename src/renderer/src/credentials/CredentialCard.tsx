import { CheckCircleOutlined, DeleteOutlined, EditOutlined, HistoryOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Popconfirm, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CREDENTIAL_TEMPLATES, type CredentialSummary } from '../../../shared/credentials';
import { useErrorText } from '../bridge/useErrorText';
import { CopyButton } from '../clipboard/CopyButton';
import { useCredentialsStore } from '../stores/credentials-store';
import { CertificateRow } from './CertificateRow';
import { ExpiryTag, HygieneTags, rotationWho } from './CredentialTags';
import { SecretField } from './SecretField';
import { TotpField } from './TotpField';
import { formatDateTime } from '../format/dates';

export interface CredentialPermissions {
  /** Reveal, copy, TOTP, certificate export (cred.use). */
  mayUse: boolean;
  /** Add, edit, delete, mark changed, certificate upload (cred.edit). */
  mayEdit: boolean;
}

interface Props extends CredentialPermissions {
  credential: CredentialSummary;
  onEdit: (credential: CredentialSummary) => void;
  onHistory: (credential: CredentialSummary) => void;
}

/** One credential: what it is, its login, masked secrets with 复制/显示, TOTP, certificate, expiry and what needs doing. */
export function CredentialCard({ credential: c, mayUse, mayEdit, onEdit, onHistory }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const markRotated = useCredentialsStore((s) => s.markRotated);
  const remove = useCredentialsStore((s) => s.remove);
  const [marking, setMarking] = useState(false);
  const template = CREDENTIAL_TEMPLATES[c.kind];
  const none = <span className="cell-none">{t('common.none')}</span>;

  async function onMarkRotated() {
    setMarking(true);
    const done = await markRotated(c.id);
    setMarking(false);
    if (done.ok) void message.success(t('cred.card.rotated', { title: c.title }));
    else void message.error(errorText(done.error));
  }

  async function onDelete() {
    const failure = await remove(c.id);
    if (failure) void message.error(errorText(failure));
    else void message.success(t('cred.card.deleted', { title: c.title }));
  }

  const items: DescriptionsProps['items'] = [
    {
      key: 'login',
      label: t('cred.fields.login'),
      children: c.login ? (
        <span className="reveal-field">
          <span className="mono" data-testid="cred-login">
            {c.login}
          </span>
          <CopyButton text={c.login} testId="cred-login-copy" />
        </span>
      ) : (
        none
      ),
    },
    ...c.secrets.map((secret) => ({
      key: secret,
      label: t(`cred.secrets.${secret}`),
      children: <SecretField credentialId={c.id} secretRef={{ secret }} mayUse={mayUse} testId={`cred-secret-${secret}`} />,
    })),
    ...(c.hasTotp ? [{ key: 'totp', label: t('cred.totp.label'), children: <TotpField credentialId={c.id} mayUse={mayUse} /> }] : []),
    ...(c.url ? [{ key: 'url', label: t('cred.fields.url'), children: <span className="mono cred-url">{c.url}</span> }] : []),
    ...(c.phoneMasked ? [{ key: 'phone', label: t('cred.fields.phone'), children: <span className="mono">{c.phoneMasked}</span> }] : []),
    ...(c.expiresOn
      ? [
          {
            key: 'expiresOn',
            label: t('cred.fields.expiresOn'),
            children: (
              <Space size={6}>
                <span data-testid="cred-expires-on">{c.expiresOn}</span>
                <ExpiryTag expiresOn={c.expiresOn} />
              </Space>
            ),
          },
        ]
      : []),
    ...(template.certificate || c.certificate
      ? [{ key: 'certificate', label: t('cred.certificate.label'), children: <CertificateRow credential={c} mayUse={mayUse} mayEdit={mayEdit} /> }]
      : []),
    ...c.custom.map((field, index) => ({
      key: `custom-${index}`,
      label: field.name,
      children: field.secret ? (
        <SecretField credentialId={c.id} secretRef={{ custom: index }} mayUse={mayUse} testId={`cred-custom-${index}`} />
      ) : (
        <span className="pre-wrap">{field.value}</span>
      ),
    })),
    ...(c.notes ? [{ key: 'notes', label: t('cred.fields.notes'), span: 2, children: <span className="pre-wrap">{c.notes}</span> }] : []),
  ];

  const title = (
    <div className="cred-card-title">
      <Tag color="blue" data-testid="cred-kind">
        {t(`cred.kinds.${c.kind}`)}
      </Tag>
      <Typography.Text strong data-testid="cred-title">
        {c.title}
      </Typography.Text>
      <HygieneTags credential={c} />
    </div>
  );

  const actions = (
    <Space size={0}>
      {c.historyCount > 0 && (
        <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => onHistory(c)} data-testid="cred-history">
          {t('cred.card.history', { count: c.historyCount })}
        </Button>
      )}
      {mayEdit && (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => onEdit(c)} data-testid="cred-edit">
          {t('cred.card.edit')}
        </Button>
      )}
      {mayEdit && (
        <Popconfirm
          title={t('cred.card.deleteConfirm', { title: c.title })}
          description={t('cred.card.deleteHint')}
          okText={t('cred.card.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => onDelete()}
        >
          <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid="cred-delete">
            {t('cred.card.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  return (
    <Card size="small" className="cred-card" title={title} extra={actions} data-testid="cred-card" data-kind={c.kind} data-title={c.title}>
      {c.rotationDue.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="cred-rotation-alert"
          data-testid="cred-rotation-alert"
          title={t('cred.tags.rotationHint', { who: rotationWho(t, c.rotationDue) })}
          action={
            mayEdit ? (
              <Button size="small" icon={<CheckCircleOutlined />} loading={marking} onClick={() => void onMarkRotated()} data-testid="cred-mark-rotated">
                {t('cred.card.markRotated')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Descriptions size="small" column={2} items={items} styles={{ label: { width: 120, whiteSpace: 'nowrap' } }} />
      {c.lastRotation && (
        <Typography.Text type="secondary" className="cred-last-rotation" data-testid="cred-last-rotation">
          {t('cred.card.lastRotation', { name: c.lastRotation.byName, at: formatDateTime(c.lastRotation.at) })}
        </Typography.Text>
      )}
    </Card>
  );
}
