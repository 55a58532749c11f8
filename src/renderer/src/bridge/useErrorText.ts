import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../shared/errors';
import { interpolate } from '../../../shared/messages';

/**
 * Turns error data into a sentence in the current language, by code. The
 * shared `interpolate` fills `{{…}}` from the non-secret `detail` and drops a
 * dangling colon when a value is absent.
 */
export function useErrorText(): (error: ErrorData, override?: Record<string, string | number | boolean>) => string {
  const { t } = useTranslation();
  return useCallback(
    (error, override) => interpolate(t(`errors.${error.code}`, { skipInterpolation: true }), { ...error.detail, ...override }),
    [t],
  );
}
