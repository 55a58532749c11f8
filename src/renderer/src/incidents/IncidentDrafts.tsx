import { App as AntApp, Button, Card, Input, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftTarget, IncidentDetail } from '../../../shared/incidents';
import { useErrorText } from '../bridge/useErrorText';
import { useIncidentsStore } from './incidents-store';

/** The notices (one per affected client, the regulator's report): edited as text, exported as PDF through the save dialog. */
export function IncidentDrafts({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { saveDraft, exportDraft } = useIncidentsStore();
  const [target, setTarget] = useState<DraftTarget>(incident.drafts[0]?.target ?? 'regulator');
  const draft = incident.drafts.find((d) => d.target === target) ?? incident.drafts[0];
  const [text, setText] = useState(draft?.text ?? '');
  const [busy, setBusy] = useState(false);
  const open = incident.status === 'open';

  // Another draft picked, or main answered with a new text (saved, or regenerated after a change): shown as it stands.
  useEffect(() => setText(draft?.text ?? ''), [draft?.target, draft?.text]);

  if (!draft) return null;
  const dirty = text !== draft.text;
  const label = (d: (typeof incident.drafts)[number]) => (d.target === 'regulator' ? t('incidents.drafts.regulator') : t('incidents.drafts.client', { name: d.addressee }));

  async function onSave(): Promise<boolean> {
    const result = await saveDraft(incident.id, draft!.target, text);
    if (!result.ok) void message.error(errorText(result.error));
    return result.ok;
  }

  async function onExport() {
    setBusy(true);
    try {
      if (open && dirty && !(await onSave())) return;
      const result = await exportDraft(incident.id, draft!.target);
      if (!result.ok) void message.error(errorText(result.error));
      else if (!result.data.cancelled) void message.success(t('incidents.drafts.exported', { path: result.data.path }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('incidents.drafts.title')} data-testid="incident-drafts">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text>{t('incidents.drafts.target')}</Typography.Text>
          <Select<DraftTarget>
            style={{ minWidth: 280 }}
            value={draft.target}
            onChange={setTarget}
            options={incident.drafts.map((d) => ({ value: d.target, label: label(d) }))}
            data-testid="incident-draft-target"
          />
          <Tag color={draft.edited ? 'blue' : 'default'}>{draft.edited ? t('incidents.drafts.edited') : t('incidents.drafts.generated')}</Tag>
        </Space>
        <Typography.Text type="secondary">{t('incidents.drafts.hint')}</Typography.Text>
        <Input.TextArea value={text} readOnly={!open} autoSize={{ minRows: 10, maxRows: 30 }} maxLength={20_000} onChange={(e) => setText(e.target.value)} aria-label={label(draft)} data-testid="incident-draft-text" />
        <Space>
          {open && (
            <Button
              disabled={!dirty || busy}
              onClick={() => void onSave().then((ok) => ok && void message.success(t('incidents.drafts.saved')))}
              data-testid="incident-draft-save"
            >
              {t('incidents.drafts.save')}
            </Button>
          )}
          <Button type="primary" loading={busy} onClick={() => void onExport()} data-testid="incident-draft-export">
            {t('incidents.drafts.export')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
