import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { App as AntApp, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevealableField } from '../../../shared/domain';
import { useErrorText } from '../bridge/useErrorText';
import { CopyButton } from '../clipboard/CopyButton';
import { useClientDetailStore } from '../stores/client-detail-store';

/** A revealed value goes back under its mask after this long. */
const REVEAL_SECONDS = 30;

interface Props {
  clientId: string;
  field: RevealableField;
  masked: string | null;
  testId: string;
}

/** A masked field with 显示: one clientReveal per click (main audits each), hidden again after a while. */
export function RevealField({ clientId, field, masked, testId }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const revealField = useClientDetailStore((s) => s.reveal);
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (value === null) return;
    const timer = window.setTimeout(() => setValue(null), REVEAL_SECONDS * 1000);
    return () => window.clearTimeout(timer);
  }, [value]);

  // Another client, or the field changed after an edit: show the mask again.
  useEffect(() => setValue(null), [clientId, masked]);

  if (masked === null) return <span className="cell-none">{t('common.none')}</span>;

  async function reveal() {
    setBusy(true);
    const revealed = await revealField(clientId, field);
    setBusy(false);
    if (revealed.ok) setValue(revealed.data.value ?? '');
    else void message.error(errorText(revealed.error));
  }

  return (
    <span className="reveal-field">
      <span className={value === null ? 'mono' : 'mono no-select'} data-testid={testId} data-revealed={value !== null}>
        {value ?? masked}
      </span>
      {value !== null && value !== '' && <CopyButton text={value} testId={`${testId}-copy`} />}
      {value === null ? (
        <Button type="link" size="small" icon={<EyeOutlined />} loading={busy} onClick={() => void reveal()} title={t('clientDetail.revealHint')}>
          {t('clientDetail.reveal')}
        </Button>
      ) : (
        <Button type="link" size="small" icon={<EyeInvisibleOutlined />} onClick={() => setValue(null)}>
          {t('clientDetail.hide')}
        </Button>
      )}
    </span>
  );
}
