import { CopyOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { App as AntApp, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOf } from '../../../shared/contract';
import { CLIPBOARD_CLEAR_SECONDS } from '../../../shared/domain';
import { useErrorText } from '../bridge/useErrorText';
import '../clipboard/clipboard.css';
import { useCredentialsStore } from '../stores/credentials-store';

/** A revealed secret goes back under its mask after this long. */
export const REVEAL_SECONDS = 20;

const MASK = '••••••••';

interface Props {
  credentialId: string;
  secretRef: RequestOf<'credReveal'>['ref'];
  /** Whether the person may reveal and copy (cred.use). */
  mayUse: boolean;
  testId: string;
}

/**
 * A masked secret of a credential. 复制: main copies it to its guarded
 * clipboard (the value never comes here). 显示: one audited credReveal, shown
 * unselectable for a short while, kept only in this component's state.
 */
export function SecretField({ credentialId, secretRef, mayUse, testId }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const reveal = useCredentialsStore((s) => s.reveal);
  const copy = useCredentialsStore((s) => s.copy);
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState<'reveal' | 'copy' | null>(null);

  useEffect(() => {
    if (value === null) return;
    const timer = window.setTimeout(() => setValue(null), REVEAL_SECONDS * 1000);
    return () => window.clearTimeout(timer);
  }, [value]);

  // Another credential or field in this place: back under the mask. Unmounting drops the state with it.
  const refKey = JSON.stringify(secretRef);
  useEffect(() => setValue(null), [credentialId, refKey]);

  async function onReveal() {
    setBusy('reveal');
    const revealed = await reveal(credentialId, secretRef);
    setBusy(null);
    if (revealed.ok) setValue(revealed.data.value);
    else void message.error(errorText(revealed.error));
  }

  async function onCopy() {
    setBusy('copy');
    const copied = await copy(credentialId, secretRef);
    setBusy(null);
    if (copied.ok) void message.success(t('clipboard.copied', { seconds: copied.data.clearAfterSeconds ?? CLIPBOARD_CLEAR_SECONDS }));
    else void message.error(`${t('cred.card.copyFailed')}${errorText(copied.error)}`);
  }

  return (
    <span className="reveal-field">
      <span className={value === null ? 'mono' : 'mono no-select'} data-testid={testId} data-revealed={value !== null}>
        {value ?? MASK}
      </span>
      {mayUse && (
        <>
          <Button
            type="link"
            size="small"
            className="copy-button"
            icon={<CopyOutlined />}
            loading={busy === 'copy'}
            onClick={() => void onCopy()}
            title={t('clipboard.copyTitle', { seconds: CLIPBOARD_CLEAR_SECONDS })}
            data-testid={`${testId}-copy`}
          >
            {t('cred.card.copy')}
          </Button>
          {value === null ? (
            <Button type="link" size="small" icon={<EyeOutlined />} loading={busy === 'reveal'} onClick={() => void onReveal()} data-testid={`${testId}-reveal`}>
              {t('cred.card.reveal')}
            </Button>
          ) : (
            <Button type="link" size="small" icon={<EyeInvisibleOutlined />} onClick={() => setValue(null)} data-testid={`${testId}-hide`}>
              {t('cred.card.hide')}
            </Button>
          )}
        </>
      )}
    </span>
  );
}
