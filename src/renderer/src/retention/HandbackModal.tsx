import { Alert, Button, Checkbox, Input, Modal, Radio, Space, Steps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HANDBACK_REASON_MAX, type ClientHandbackResult } from '../../../shared/handback';
import type { ClientDetail } from '../../../shared/domain';
import { useErrorText } from '../bridge/useErrorText';
import { PassphraseOnce } from '../documents/PassphraseOnce';
import { useClientDetailStore } from '../stores/client-detail-store';

const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

interface Props {
  client: ClientDetail;
  open: boolean;
  onClose: () => void;
}

type Written = Extract<ClientHandbackResult, { cancelled: false }>;

/**
 * 解除委托, step by step: what the hand-back package holds (账号密码 and the access report only when
 * ticked, the first with its own warning), how it is locked and why, the export through the save
 * dialog (the passphrase shown here once, with a copy button), then the change of state.
 */
export function HandbackModal({ client, open, onClose }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const handback = useClientDetailStore((s) => s.handback);
  const end = useClientDetailStore((s) => s.end);
  const [step, setStep] = useState(0);
  const [withCredentials, setWithCredentials] = useState(false);
  const [withAccessReport, setWithAccessReport] = useState(false);
  const [kind, setKind] = useState<'passphrase' | 'recipient'>('passphrase');
  const [recipient, setRecipient] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // The passphrase lives in this dialog's state only: closing it forgets it.
  const [written, setWritten] = useState<Written | null>(null);

  useEffect(() => {
    if (!open) return;
    setStep(0);
    setWithCredentials(false);
    setWithAccessReport(false);
    setKind('passphrase');
    setRecipient('');
    setReason('');
    setFailure(null);
    setWritten(null);
  }, [open]);

  const recipientOk = kind === 'passphrase' || AGE_RECIPIENT.test(recipient.trim());
  const reasonOk = reason.trim() !== '';

  async function exportPackage() {
    setBusy(true);
    setFailure(null);
    const result = await handback({
      clientId: client.id,
      withCredentials,
      withAccessReport,
      reason: reason.trim(),
      encryption: kind === 'recipient' ? { kind: 'recipient', recipient: recipient.trim() } : { kind: 'passphrase' },
    });
    setBusy(false);
    if (!result.ok) setFailure(errorText(result.error));
    else if (!result.data.cancelled) setWritten(result.data);
  }

  async function confirmEnd() {
    setBusy(true);
    setFailure(null);
    const result = await end({ clientId: client.id, reason: reason.trim(), handbackId: written?.handbackId ?? null });
    setBusy(false);
    if (!result.ok) setFailure(errorText(result.error));
    else close();
  }

  function close() {
    setWritten(null);
    onClose();
  }

  const footer = [
    step > 0 && step < 3 && !written && (
      <Button key="back" onClick={() => setStep(step - 1)}>
        {t('retention.handback.back')}
      </Button>
    ),
    step < 2 && (
      <Button key="next" type="primary" disabled={step === 1 && !(reasonOk && recipientOk)} onClick={() => setStep(step + 1)} data-testid="handback-next">
        {t('retention.handback.next')}
      </Button>
    ),
    step === 2 && !written && (
      <Button key="export" type="primary" loading={busy} onClick={() => void exportPackage()} data-testid="handback-export">
        {t('retention.handback.export')}
      </Button>
    ),
    step === 2 && written && (
      <Button key="next" type="primary" onClick={() => setStep(3)} data-testid="handback-next">
        {t('retention.handback.next')}
      </Button>
    ),
    step === 3 && (
      <Button key="later" onClick={close} data-testid="handback-later">
        {t('retention.handback.later')}
      </Button>
    ),
    step === 3 && (
      <Button key="confirm" type="primary" danger loading={busy} onClick={() => void confirmEnd()} data-testid="handback-confirm">
        {t('retention.handback.confirm')}
      </Button>
    ),
  ].filter(Boolean);

  return (
    <Modal open={open} title={t('retention.handback.title', { name: client.name })} onCancel={close} footer={footer} width={640} destroyOnHidden maskClosable={false} data-testid="handback-modal">
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[
          { title: t('retention.handback.stepContents') },
          { title: t('retention.handback.stepLock') },
          { title: t('retention.handback.stepExport') },
          { title: t('retention.handback.stepConfirm') },
        ]}
      />
      {step === 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{t('retention.handback.intro')}</Typography.Paragraph>
          <Checkbox checked={withCredentials} onChange={(e) => setWithCredentials(e.target.checked)} data-testid="handback-credentials">
            {t('retention.handback.withCredentials')}
          </Checkbox>
          {withCredentials && <Alert type="warning" showIcon title={t('retention.handback.credentialsWarning')} data-testid="handback-credentials-warning" />}
          <Checkbox checked={withAccessReport} onChange={(e) => setWithAccessReport(e.target.checked)} data-testid="handback-access-report">
            {t('retention.handback.withAccessReport')}
          </Checkbox>
        </Space>
      )}
      {step === 1 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{t('retention.handback.lock')}</Typography.Text>
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as 'passphrase' | 'recipient')}>
            <Radio value="passphrase" data-testid="handback-kind-passphrase">
              {t('retention.handback.byPassphrase')}
            </Radio>
            <Radio value="recipient" data-testid="handback-kind-recipient">
              {t('retention.handback.byRecipient')}
            </Radio>
          </Radio.Group>
          {kind === 'recipient' && (
            <>
              <Input
                value={recipient}
                onChange={(e) => setRecipient(e.target.value)}
                placeholder="age1…"
                aria-label={t('retention.handback.ageRecipient')}
                status={recipient.trim() !== '' && !recipientOk ? 'error' : undefined}
                data-testid="handback-age-recipient"
              />
              {recipient.trim() !== '' && !recipientOk && <Typography.Text type="danger">{t('retention.handback.ageRecipientInvalid')}</Typography.Text>}
            </>
          )}
          <Typography.Text strong>{t('retention.handback.reason')}</Typography.Text>
          <Input.TextArea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={HANDBACK_REASON_MAX}
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('retention.handback.reasonPlaceholder')}
            aria-label={t('retention.handback.reason')}
            data-testid="handback-reason"
          />
          {!reasonOk && <Typography.Text type="secondary">{t('retention.handback.reasonRequired')}</Typography.Text>}
        </Space>
      )}
      {step === 2 && !written && <Typography.Paragraph>{t('retention.handback.exportHint')}</Typography.Paragraph>}
      {step === 2 && written && (
        <div data-testid="handback-written">
          <Typography.Paragraph>{t('retention.handback.written', { path: written.path, documents: written.documents, files: written.files.length })}</Typography.Paragraph>
          {written.passphrase && (
            <PassphraseOnce passphrase={written.passphrase} title={t('retention.handback.passphraseOnce')} channel={t('retention.handback.passphraseChannel')} testId="handback-passphrase" />
          )}
        </div>
      )}
      {step === 3 && <Alert type="warning" showIcon title={t('retention.handback.confirmText')} data-testid="handback-confirm-text" />}
      {failure && <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('retention.handback.failed')} description={failure} data-testid="handback-error" />}
    </Modal>
  );
}
