import { Alert, App as AntApp, Button, Descriptions, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentRetention, LegalHold } from '../../../shared/retention';
import { tryCall } from '../bridge/client';
import { useErrorText } from '../bridge/useErrorText';
import { useCan } from '../admin/access-store';

/** A document's properties: its retention (保管至), and its legal hold, set or lifted by owners and admins. */
export function DocumentRetentionPanel({ documentId }: { documentId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const mayHold = useCan('retention.manage');
  const [retention, setRetention] = useState<DocumentRetention | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void tryCall('docRetention', { id: documentId }).then((r) => {
      if (live && r.ok) setRetention(r.data);
    });
    return () => {
      live = false;
    };
  }, [documentId]);

  if (!retention) return null;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const holdText = (key: 'held' | 'clientHeld', h: LegalHold) => t(`retention.doc.${key}`, { reason: h.reason, name: h.byName, at: date.format(new Date(h.at)) });

  async function hold(next: string | null) {
    if (next !== null && next.trim() === '') {
      void message.warning(t('retention.doc.holdReasonRequired'));
      return;
    }
    setBusy(true);
    const result = await tryCall('docHold', { id: documentId, reason: next });
    setBusy(false);
    if (!result.ok) void message.error(errorText(result.error));
    else {
      setRetention(result.data);
      setReason('');
      void message.success(t(next === null ? 'retention.doc.holdLifted' : 'retention.doc.holdSet'));
    }
  }

  return (
    <div data-testid="document-retention">
      <Typography.Title level={5}>{t('retention.doc.title')}</Typography.Title>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('retention.doc.rule')}>{t(`retention.rules.${retention.rule}`)}</Descriptions.Item>
        <Descriptions.Item label={t('retention.doc.period')}>{retention.years === 'permanent' ? t('retention.permanent') : t('retention.years', { count: retention.years })}</Descriptions.Item>
        <Descriptions.Item label={t('retention.doc.until')}>
          <span data-testid="document-retention-until">{retention.keepUntil ?? t('retention.doc.untilPermanent')}</span>
          {retention.fromFiled && (
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              {t('retention.doc.fromFiled', { year: retention.fiscalYear })}
            </Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
        {retention.clientHold && <Alert type="warning" showIcon title={holdText('clientHeld', retention.clientHold)} />}
        {retention.documentHold && <Alert type="warning" showIcon title={holdText('held', retention.documentHold)} data-testid="document-hold" />}
        {!retention.held && <Typography.Text type="secondary">{t(retention.ended ? 'retention.doc.ended' : 'retention.doc.notEnded')}</Typography.Text>}
        {mayHold &&
          (retention.documentHold ? (
            <Button onClick={() => void hold(null)} loading={busy} data-testid="document-hold-release">
              {t('retention.doc.release')}
            </Button>
          ) : (
            <Space.Compact style={{ width: '100%' }}>
              <Input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('retention.doc.holdReason')} maxLength={500} data-testid="document-hold-reason" />
              <Button onClick={() => void hold(reason)} loading={busy} data-testid="document-hold-set">
                {t('retention.doc.hold')}
              </Button>
            </Space.Compact>
          ))}
      </Space>
    </div>
  );
}
