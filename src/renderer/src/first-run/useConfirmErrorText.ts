import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../shared/errors';
import { useErrorText } from '../bridge/useErrorText';
import { confirmErrorKey } from './first-run-store';

/** A refused recovery-key confirmation in words: which problem main named, else the error by its code. */
export function useConfirmErrorText(): (error: ErrorData) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return useCallback(
    (error) => {
      const known = confirmErrorKey(error);
      // The keys are the firstRun.errors.* of this feature's catalogue.
      return known ? t(known.key as 'firstRun.errors.key', { count: known.count ?? 0 }) : errorText(error);
    },
    [t, errorText],
  );
}
