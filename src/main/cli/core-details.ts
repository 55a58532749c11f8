import { interpolate, type Locale } from '../../shared/messages';
import zhCN from './i18n/details.zh-CN.json';
import en from './i18n/details.en.json';

/**
 * The core describes what an error is about in short English (`{what:
 * 'client'}`, `chunk 10`, `photo.jpg is a folder`). The command line prints
 * those inside Chinese sentences, so each known shape is put into the user's
 * language here. A detail no pattern knows (a file or entry name, a path)
 * is printed as it is.
 */

export type DetailKey = keyof typeof zhCN;
const CATALOG: Record<Locale, Record<DetailKey, string>> = { 'zh-CN': zhCN, en };

type Values = Record<string, string>;
type Rule = readonly [RegExp, DetailKey, ((groups: Values, locale: Locale) => Values)?];

const ID = '[0-9A-Za-z_-]+';

/** Details that hold another detail: `backup: chunk 10`, `restored vault: a; b`. */
const nested = (groups: Values, locale: Locale): Values => ({
  detail: groups.detail!.split('; ').map((part) => localizeDetail(part, locale)).join('；'),
});

/** Why the audit chain failed, as the core names it (audit verify and messages word each in their own catalog). */
export const AUDIT_REASONS = ['edited', 'missing', 'reordered', 'signature', 'roster'] as const;
const auditReason = (reason: string, locale: Locale): string =>
  (AUDIT_REASONS as readonly string[]).includes(reason) ? CATALOG[locale][`audit_${reason as (typeof AUDIT_REASONS)[number]}`] : reason;

const RULES: readonly Rule[] = [
  [/^client$/, 'client'],
  [/^document$/, 'document'],
  [/^staff$/, 'staff'],
  [/^grant$/, 'grant'],
  [new RegExp(`^document (?<id>${ID})$`), 'documentId'],
  [new RegExp(`^document (?<id>${ID}) key$`), 'documentKey'],
  [new RegExp(`^document (?<id>${ID}) \\(blob (?<blob>${ID})\\)$`), 'documentBlob'],
  [new RegExp(`^document (?<id>${ID}) has no import event$`), 'documentNoImportEvent'],
  [new RegExp(`^text of document (?<id>${ID})$`), 'documentText'],
  [new RegExp(`^client (?<id>${ID})$`), 'clientId'],
  [new RegExp(`^client (?<id>${ID}) key$`), 'clientKey'],
  [new RegExp(`^client (?<id>${ID}) (?<field>\\w+)$`), 'clientField'],
  [new RegExp(`^share (?<id>${ID})$`), 'shareId'],
  [/^an expiry from today on$/, 'shareUntilPast'],
  [/^(?<name>.+) is over 512 MB$/s, 'shareFileTooLarge'],
  [/^credential$/, 'credential'],
  [new RegExp(`^credential (?<id>${ID})$`), 'credentialId'],
  [new RegExp(`^credential (?<id>${ID}) file$`), 'credentialFile'],
  [/^totp$/, 'totp'],
  [/^secret$/, 'secret'],
  [/^certificate$/, 'certificate'],
  [/^vault\.db missing$/, 'vaultDbMissing'],
  [/^vault\.db does not belong to vault\.key$/, 'vaultDbForeign'],
  [/^vault\.db cipher$/, 'vaultDbCipher'],
  [/^vault\.db references$/, 'vaultDbReferences'],
  [/^vault\.key missing$/, 'vaultKeyMissing'],
  [/^vault\.key is older than vault\.db \(rolled back\)$/, 'vaultKeyRolledBack'],
  [/^kdf$/, 'kdf'],
  [/^master key$/, 'masterKey'],
  [/^blobs$/, 'blobs'],
  [/^blob$/, 'blob'],
  [new RegExp(`^blob (?<id>${ID})$`), 'blobId'],
  [new RegExp(`^missing blob (?<id>${ID})$`), 'missingBlob'],
  [/^backup$/, 'backupFile'],
  [/^backup: (?<detail>.+)$/s, 'inBackup', nested],
  [/^restored vault: (?<detail>.+)$/s, 'restoredVault', nested],
  [/^audit event #(?<seq>\d+) \((?<reason>\w+)\)$/, 'auditEvent', (g, locale) => ({ seq: g.seq!, reason: auditReason(g.reason!, locale) })],
  [/^audit event #(?<seq>\d+)$/, 'auditEventSeq'],
  [/^(?<count>\d+) free pages$/, 'freePages'],
  [/^audit log$/, 'auditLog'],
  [/^(?<what>.+): rolled back \(older than this user last saw it\)$/s, 'rolledBack', (g, locale) => ({ what: localizeDetail(g.what!, locale) })],
  [/^vault\.key is of another vault$/, 'foreignVaultKey'],
  [/^vault\.key too large$/, 'vaultKeyTooLarge'],
  [/^manifest signature$/, 'manifestSignature'],
  // Why a backup is not this vault's (BACKUP_UNSIGNED).
  [/^unsigned$/, 'backupUnsigned'],
  [/^other-vault$/, 'backupOtherVault'],
  [/^unknown$/, 'backupUnknownSigner'],
  // The sync server (core/sync/).
  [new RegExp(`^server row #(?<seq>\\d+) from device (?<device>${ID})$`), 'syncRow'],
  [new RegExp(`^server row #(?<seq>\\d+) from device (?<device>${ID}) out of order$`), 'syncRowOrder'],
  [new RegExp(`^server row #(?<seq>\\d+) from device (?<device>${ID}) replayed$`), 'syncRowReplayed'],
  [new RegExp(`^server row #(?<seq>\\d+) from device (?<device>${ID}) after rows withheld$`), 'syncRowWithheld'],
  [new RegExp(`^blob (?<id>${ID}) on the server$`), 'syncBlob'],
  [/^vault\.key on the server$/, 'syncKeyFile'],
  [/^vault on the server$/, 'syncVault'],
  [/^server vault$/, 'syncVault'],
  [/^another vault on this server$/, 'syncOtherVault'],
  [/^the server holds another vault$/, 'syncOtherVault'],
  [/^sync server$/, 'syncServer'],
  [/^sync settings$/, 'syncSettings'],
  [/^join code$/, 'joinCode'],
  [/^join code expired$/, 'joinCodeExpired'],
  [/^join code used or expired$/, 'joinCodeUsed'],
  [/^join code names another member$/, 'joinCodeOtherMember'],
  [/^not a member$/, 'notMember'],
  // Reasons of INVALID_INPUT.
  [/^staff disabled$/, 'staffDisabled'],
  [/^handover needs another active owner, admin or accountant$/, 'handoverTarget'],
  [/^owners and admins already reach every client$/, 'masterHoldersReachAll'],
  [/^blob id$/, 'blobIdFormat'],
  [/^too large to preview$/, 'tooLargeToPreview'],
  [/^(?<name>.+) is a folder$/s, 'isFolder'],
  [/^a symbolic link \(not followed\)$/, 'symlinkNotFollowed'],
  [/^not a regular file$/, 'notRegularFile'],
  [/^larger than the import limit$/, 'overImportLimit'],
  [/^too large$/, 'tooLarge'],
  [/^import limit out of range$/, 'importLimitRange'],
  [/^below the legal minimum$/, 'belowLegalRetention'],
  [/^retention period out of range$/, 'retentionRange'],
  [/^no document past its retention period$/, 'noneToDestroy'],
  [/^destruction list$/, 'destructionList'],
  [/^destruction list (?<id>\S+)$/, 'destructionListId'],
  [/^no recipient$/, 'noRecipient'],
  [/^recipient (?<recipient>\S+)$/, 'badRecipient'],
  [/^not an age identity \(AGE-SECRET-KEY-1…\)$/, 'notAgeIdentity'],
  [/^a passphrase backup has no other recipients$/, 'passphraseOnly'],
  [/^passphrase shorter than (?<min>\d+) characters$/, 'passphraseShort'],
  [/^the backup is of another vault$/, 'otherVaultBackup'],
  [/^not a recovery key \(AGE-SECRET-KEY-1…\)$/, 'notRecoveryKey'],
  [/^the recovery key or a staff password is needed to check the restored vault$/, 'restoreNeedsKey'],
  [/^the restored vault is a different vault from the one it would replace$/, 'restoreOtherVault'],
  // Details of backup errors (age layer, manifest, tar).
  [/^not an age file$/, 'notAgeFile'],
  [/^age header$/, 'ageHeader'],
  [/^age payload$/, 'agePayload'],
  [/^age nonce$/, 'ageNonce'],
  [/^(?<have>\d+) of (?<want>\d+) bytes$/, 'bytesOf'],
  [/^data after the end$/, 'dataAfterEnd'],
  [/^chunk (?<chunk>\d+): the file shrank while read$/, 'chunkShrank'],
  [/^chunk (?<chunk>\d+)$/, 'chunk'],
  [/^no matching recipient$/, 'noMatchingRecipient'],
  [/^passphrase-protected$/, 'passphraseProtected'],
  [/^encrypted to age recipients$/, 'toRecipients'],
  [/^scrypt work factor$/, 'scryptWorkFactor'],
  [/^manifest\.json is not JSON$/, 'manifestNotJson'],
  [/^not a Zhangdun backup$/, 'notZhangdunBackup'],
  [/^format version (?<version>\S+)$/, 'formatVersion'],
  [/^manifest\.json does not match the format$/, 'manifestFormat'],
  [/^manifest\.json entries$/, 'manifestEntries'],
  [/^manifest read back differs$/, 'manifestReadBack'],
  [/^entry (?<index>\d+) is not (?<name>.+)$/s, 'entryIsNot'],
  [/^entries not in the manifest$/, 'extraEntries'],
  [/^no tar archive inside$/, 'noTar'],
  [/^manifest\.json is not the first entry$/, 'manifestNotFirst'],
  [/^manifest\.json too large$/, 'manifestTooLarge'],
  [/^unsupported entry name (?<name>.+)$/s, 'tarEntryName'],
  [/^bad size$/, 'tarSize'],
  [/^(?<name>.+) grew while archived$/s, 'tarGrew'],
  [/^(?<name>.+) shrank while archived$/s, 'tarShrank'],
  [/^archive ends early$/, 'tarEndsEarly'],
  [/^bad number in header$/, 'tarNumber'],
  [/^bad pax record$/, 'tarPaxRecord'],
  [/^data after the end of the archive$/, 'tarDataAfterEnd'],
  [/^header checksum mismatch$/, 'tarChecksum'],
  [/^not a ustar header$/, 'tarNotUstar'],
  [/^pax header too large$/, 'tarPaxTooLarge'],
  [/^unsupported entry type (?<type>.+)$/s, 'tarEntryType'],
  [/^bad pax size$/, 'tarPaxSize'],
  [/^bad padding$/, 'tarPadding'],
  [/^alert (?<seq>\d+)$/, 'alertSeq'],
  [/^alert settings$/, 'alertSettings'],
  [/^warning days out of range$/, 'warnDaysRange'],
  [/^not the end of the recovery key$/, 'notKeyTail'],
  [/^no recovery key in the file$/, 'noKeyInFile'],
  [/^more than one recovery key in the file$/, 'manyKeysInFile'],
  [/^not this vault’s recovery key$/, 'notThisVaultKey'],
  [/^file too large for a recovery key$/, 'keyFileTooLarge'],
  [/^more than (?<count>\d+) tags$/, 'tooManyTags'],
  [/^password policy out of range$/, 'policyRange'],
  // Staff agreements and training (core/people/).
  [/^scan$/, 'ndaScan'],
  [/^scan too large$/, 'ndaScanTooLarge'],
  [/^expires before it was signed$/, 'ndaExpiresBeforeSigned'],
  [new RegExp(`^staff record (?<id>${ID})$`), 'staffRecord'],
  [new RegExp(`^staff record (?<id>${ID}) key$`), 'staffRecordKey'],
  // Files picked in a dialog, then imported (services/picked-import.ts).
  [/^the per-file list does not match the pick$/, 'pickListMismatch'],
  [/^no such file in the pick$/, 'pickFileMissing'],
];

/** A detail the core attached to an error (a `what`, a `reason`, a backup error's detail), in `locale`. */
export function localizeDetail(detail: string, locale: Locale): string {
  const known = matchDetail(detail, locale);
  return known ?? detail;
}

/** The localized detail, or null when no rule knows its shape (then it is a name, shown as it is). */
export function matchDetail(detail: string, locale: Locale): string | null {
  for (const [pattern, key, values] of RULES) {
    const match = pattern.exec(detail);
    if (!match) continue;
    const groups = { ...match.groups } as Values;
    return interpolate(CATALOG[locale][key], values ? values(groups, locale) : groups);
  }
  return null;
}

/** Who holds a busy vault (VAULT_BUSY's `holder`: `backup`, `pid 12`, `host pid 12`, `?`). */
export function localizeHolder(holder: string, locale: Locale): string {
  const text = CATALOG[locale];
  if (holder === 'backup') return text.holderBackup;
  const local = /^pid (\d+)$/.exec(holder);
  if (local) return interpolate(text.holderPid, { pid: local[1]! });
  const remote = /^(.+) pid (\d+)$/s.exec(holder);
  if (remote) return interpolate(text.holderHostPid, { host: remote[1]!, pid: remote[2]! });
  return text.holderUnknown;
}
