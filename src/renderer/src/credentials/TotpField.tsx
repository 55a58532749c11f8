import { FieldTimeOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../bridge/useErrorText';
import '../clipboard/clipboard.css';
import { useCredentialsStore } from '../stores/credentials-store';

interface Shown {
  code: string;
  /** Date.now() when main's code stops being valid. */
  until: number;
}

/** Seconds left until `until`, never below 0. */
function secondsLeft(until: number): number {
  return Math.max(0, Math.ceil((until - Date.now()) / 1000));
}

/**
 * 显示动态口令: one audited credTotp per click. The code counts down here, on
 * the renderer's clock; when it runs out it is hidden and the person clicks
 * again for a new one (main is not asked on a timer).
 */
export function TotpField({ credentialId, mayUse }: { credentialId: string; mayUse: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const totp = useCredentialsStore((s) => s.totp);
  const [shown, setShown] = useState<Shown | null>(null);
  const [left, setLeft] = useState(0);
  const [expired, setExpired] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!shown) return;
    const tick = () => {
      const seconds = secondsLeft(shown.until);
      setLeft(seconds);
      if (seconds === 0) {
        setShown(null);
        setExpired(true);
      }
    };
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [shown]);

  useEffect(() => {
    setShown(null);
    setExpired(false);
  }, [credentialId]);

  async function fetchCode() {
    setBusy(true);
    const answer = await totp(credentialId);
    setBusy(false);
    if (!answer.ok) {
      void message.error(errorText(answer.error));
      return;
    }
    setExpired(false);
    setShown({ code: answer.data.code, until: Date.now() + answer.data.remaining * 1000 });
  }

  if (!mayUse) return <span className="mono">{'••••••'}</span>;
  return (
    <span className="reveal-field totp-field" data-testid="cred-totp">
      {shown && (
        <>
          <span className="mono no-select totp-code" data-testid="cred-totp-code">
            {shown.code}
          </span>
          <Typography.Text type="secondary" data-testid="cred-totp-remaining">
            {t('cred.totp.remaining', { seconds: left })}
          </Typography.Text>
        </>
      )}
      {expired && !shown && <Typography.Text type="secondary">{t('cred.totp.expired')}</Typography.Text>}
      {!shown && (
        <Button type="link" size="small" icon={<FieldTimeOutlined />} loading={busy} onClick={() => void fetchCode()} data-testid="cred-totp-show">
          {expired ? t('cred.totp.again') : t('cred.totp.show')}
        </Button>
      )}
    </span>
  );
}
