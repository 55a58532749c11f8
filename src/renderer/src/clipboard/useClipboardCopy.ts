import { App as AntApp } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLIPBOARD_CLEAR_SECONDS } from '../../../shared/domain';
import { asErrorData, call } from '../bridge/client';
import { useErrorText } from '../bridge/useErrorText';

/**
 * Copies a vault value through main (clipboardCopy), which clears the
 * clipboard after a while and when the vault locks, and says so. Never
 * navigator.clipboard: main could not find and clear what that put there.
 */
export function useClipboardCopy(): { copy: (text: string) => Promise<void>; busy: boolean } {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);

  const copy = useCallback(
    async (text: string) => {
      setBusy(true);
      try {
        const copied = await call('clipboardCopy', { text });
        // An older main may not say how long; the contract's default is what it does.
        void message.success(t('clipboard.copied', { seconds: copied.clearAfterSeconds ?? CLIPBOARD_CLEAR_SECONDS }));
      } catch (err) {
        void message.error(`${t('clipboard.failed')}${errorText(asErrorData(err))}`);
      } finally {
        setBusy(false);
      }
    },
    [errorText, message, t],
  );
  return { copy, busy };
}
