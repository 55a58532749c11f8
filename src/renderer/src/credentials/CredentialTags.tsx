import { Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CredentialSummary, RotationDue } from '../../../shared/credentials';
import { expiryState } from './expiry';

/** Passwords at or below this strength are tagged 弱 (main's hygiene list uses the same bound). */
export const WEAK_STRENGTH = 1;

/** 李会计 离职, 张会计 被收回授权 … */
export function rotationWho(t: TFunction, due: readonly RotationDue[]): string {
  return due.map((d) => t(`cred.tags.${d.reason}`, { name: d.staffName })).join('、');
}

/** 已过期 / 今天到期 / N 天后到期, for a credential with an expiry date. */
export function ExpiryTag({ expiresOn }: { expiresOn: string | null }) {
  const { t } = useTranslation();
  if (!expiresOn) return null;
  const state = expiryState(expiresOn);
  if (!state) return null;
  switch (state.state) {
    case 'expired':
      return (
        <Tag color="error" data-testid="cred-expiry-tag" title={t('cred.tags.expiredDays', { count: state.days })}>
          {t('cred.tags.expired')}
        </Tag>
      );
    case 'today':
      return (
        <Tag color="error" data-testid="cred-expiry-tag">
          {t('cred.tags.today')}
        </Tag>
      );
    case 'soon':
      return (
        <Tag color="warning" data-testid="cred-expiry-tag">
          {t('cred.tags.expiresIn', { count: state.days })}
        </Tag>
      );
    case 'later':
      return (
        <Tag data-testid="cred-expiry-tag">
          {t('cred.tags.expiresIn', { count: state.days })}
        </Tag>
      );
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/** 弱, 重复使用 (with where) and 待更换 (with who left). */
export function HygieneTags({ credential }: { credential: CredentialSummary }) {
  const { t } = useTranslation();
  const reusedList = credential.reusedWith.map((r) => `${r.clientName} · ${r.title}`).join('；');
  return (
    <>
      {credential.strength !== null && credential.strength <= WEAK_STRENGTH && (
        <Tooltip title={t('cred.tags.weakHint')}>
          <Tag color="error" data-testid="cred-weak-tag">
            {t('cred.tags.weak')}
          </Tag>
        </Tooltip>
      )}
      {credential.reusedWith.length > 0 && (
        <Tooltip title={t('cred.tags.reusedWith', { list: reusedList })}>
          <Tag color="warning" data-testid="cred-reused-tag" aria-label={t('cred.tags.reusedWith', { list: reusedList })}>
            {t('cred.tags.reused')}
          </Tag>
        </Tooltip>
      )}
      {credential.rotationDue.length > 0 && (
        <Tooltip title={t('cred.tags.rotationHint', { who: rotationWho(t, credential.rotationDue) })}>
          <Tag color="volcano" data-testid="cred-rotation-tag">
            {t('cred.tags.rotationDueWho', { who: rotationWho(t, credential.rotationDue) })}
          </Tag>
        </Tooltip>
      )}
    </>
  );
}
