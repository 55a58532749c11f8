import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, InputNumber, Popover, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_LENGTH_MAX, PASSWORD_LENGTH_MIN, type PasswordRules } from '../../../shared/credentials';

const DEFAULT_RULES: PasswordRules = { length: 16, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: true };
const CLASSES = ['lower', 'upper', 'digits', 'symbols'] as const;

interface Props {
  busy: boolean;
  onGenerate: (rules: PasswordRules) => void;
  testId: string;
}

/** 生成规则: length, which kinds of characters, and whether to leave out look-alikes, for sites with their own rules. */
export function GeneratorPopover({ busy, onGenerate, testId }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [rules, setRules] = useState<PasswordRules>(DEFAULT_RULES);
  const noClass = CLASSES.every((c) => !rules[c]);

  const content = (
    <Form layout="vertical" size="small" className="cred-generator" data-testid={`${testId}-rules`}>
      <Form.Item label={t('cred.form.length')}>
        <InputNumber
          min={PASSWORD_LENGTH_MIN}
          max={PASSWORD_LENGTH_MAX}
          value={rules.length}
          onChange={(v) => setRules({ ...rules, length: typeof v === 'number' ? v : DEFAULT_RULES.length })}
          aria-label={t('cred.form.length')}
        />
      </Form.Item>
      <Space orientation="vertical" size={2}>
        {CLASSES.map((c) => (
          <Checkbox key={c} checked={rules[c]} onChange={(e) => setRules({ ...rules, [c]: e.target.checked })}>
            {t(`cred.form.${c}`)}
          </Checkbox>
        ))}
        <Checkbox checked={rules.avoidAmbiguous} onChange={(e) => setRules({ ...rules, avoidAmbiguous: e.target.checked })}>
          {t('cred.form.avoidAmbiguous')}
        </Checkbox>
      </Space>
      {noClass && (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 6 }}>
          {t('cred.form.noClasses')}
        </Typography.Text>
      )}
      <Button
        type="primary"
        block
        style={{ marginTop: 10 }}
        disabled={noClass}
        loading={busy}
        onClick={() => {
          onGenerate(rules);
          setOpen(false);
        }}
      >
        {t('cred.form.generateCustom')}
      </Button>
    </Form>
  );

  return (
    <Popover content={content} title={t('cred.form.generateRules')} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Button icon={<SettingOutlined />} aria-label={t('cred.form.generateRules')} title={t('cred.form.generateRules')} data-testid={`${testId}-rules-open`} />
    </Popover>
  );
}
