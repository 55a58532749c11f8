import { Alert, Typography } from 'antd';
import { CopyButton } from '../clipboard/CopyButton';

interface Props {
  passphrase: string;
  /** That it is shown this once. */
  title: string;
  /** How to pass it on (by another channel than the package). */
  channel: string;
  /** `${testId}` on the passphrase, `${testId}-copy` on its copy button. */
  testId: string;
}

/** A package's generated passphrase, shown once with a copy button (the dialogs that show it forget it when closed). */
export function PassphraseOnce({ passphrase, title, channel, testId }: Props) {
  return (
    <Alert
      type="warning"
      showIcon
      title={title}
      description={
        <>
          <Typography.Text code data-testid={testId} style={{ fontSize: 16 }}>
            {passphrase}
          </Typography.Text>
          <CopyButton text={passphrase} testId={`${testId}-copy`} />
          <div>{channel}</div>
        </>
      }
    />
  );
}
