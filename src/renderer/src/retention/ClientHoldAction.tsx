import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Input, Modal, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LegalHold } from '../../../shared/retention';
import { useCan } from '../admin/access-store';
import { useErrorText } from '../bridge/useErrorText';
import { useClientDetailStore } from '../stores/client-detail-store';

/**
 * A legal hold on everything of a client (第十九条): a badge while it lasts, for anyone who sees the
 * client; owners and admins set it with a reason and lift it. It blocks deletion and destruction only.
 */
export function ClientHoldAction({ clientId }: { clientId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const mayHold = useCan('retention.manage');
  const holdGet = useClientDetailStore((s) => s.holdGet);
  const setHold = useClientDetailStore((s) => s.hold);
  const [hold, setHoldState] = useState<LegalHold | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setHoldState(null);
    void holdGet(clientId).then((r) => {
      if (live && r.ok) setHoldState(r.data);
    });
    return () => {
      live = false;
    };
  }, [clientId, holdGet]);

  async function change(next: string | null) {
    setBusy(true);
    const result = await setHold(clientId, next);
    setBusy(false);
    if (!result.ok) {
      void message.error(errorText(result.error));
      return;
    }
    setHoldState(result.data);
    setAsking(false);
    setReason('');
    void message.success(t(next === null ? 'retention.clientHold.released' : 'retention.clientHold.setDone'));
  }

  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  return (
    <>
      {hold && (
        <Tooltip title={t('retention.clientHold.badgeTitle', { reason: hold.reason, name: hold.byName, at: date.format(new Date(hold.at)) })}>
          <Tag color="volcano" icon={<SafetyCertificateOutlined />} data-testid="client-hold-badge">
            {t('retention.clientHold.badge')}
          </Tag>
        </Tooltip>
      )}
      {mayHold &&
        (hold ? (
          <Popconfirm title={t('retention.clientHold.releaseConfirm')} okText={t('retention.clientHold.release')} cancelText={t('common.cancel')} onConfirm={() => void change(null)}>
            <Button loading={busy} data-testid="client-hold-release">
              {t('retention.clientHold.release')}
            </Button>
          </Popconfirm>
        ) : (
          <Button icon={<SafetyCertificateOutlined />} onClick={() => setAsking(true)} data-testid="client-hold-set">
            {t('retention.clientHold.set')}
          </Button>
        ))}
      <Modal
        open={asking}
        title={t('retention.clientHold.modalTitle')}
        okText={t('retention.clientHold.set').replace('…', '')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: reason.trim() === '', ...({ 'data-testid': 'client-hold-ok' } as Record<string, string>) }}
        confirmLoading={busy}
        onOk={() => void change(reason.trim())}
        onCancel={() => setAsking(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('retention.clientHold.hint')}</Typography.Paragraph>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 4 }}
          placeholder={t('retention.clientHold.reasonPlaceholder')}
          aria-label={t('retention.clientHold.reason')}
          data-testid="client-hold-reason"
        />
      </Modal>
    </>
  );
}
