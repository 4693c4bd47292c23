/**
 * `segment-criteria attach FILE --campaign ID|NAME [--replace] [--replace-lists]`: sets the file's deployed
 * segment as the audience of a campaign's primary_email activity, after the API's guards (domain/src/attach.ts).
 * Exit 0 when attached or already attached, 1 when refused, 2 when called wrongly or the file is unreadable.
 */
import { attachSegment } from '../../../domain/src/attach';
import { CAMPAIGN_SCOPE, lacksCampaignScope } from '../../../domain/src/campaigns';
import { UsageError } from '../usage';
import { boundId, loadFileOrExit } from './boundFile';
import { attachMessage } from './campaignMessages';
import { connectOrExplain, loginCommand } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';
import { quoted } from './terminalText';

const USAGE = 'segment-criteria attach FILE --campaign ID|NAME [--replace] [--replace-lists]';

export async function attach(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('attach', argv, {
    ...CONNECTION_OPTIONS,
    campaign: { type: 'string' },
    replace: { type: 'boolean' },
    'replace-lists': { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError(`attach takes one file: ${USAGE}`);
  if (values.campaign === undefined || values.campaign.trim() === '') throw new UsageError(`attach needs the campaign, by its id or its name: ${USAGE}`);
  const path = positionals[0]!;
  const f = loadFileOrExit(io, path);
  if (typeof f === 'number') return f;
  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  const login = loginCommand(values, io);
  try {
    // Before any call: a sign-in without campaign_data cannot read or change campaigns.
    if (await lacksCampaignScope(conn.client)) {
      io.err(`${attachMessage(path, '', { kind: 'refused', reason: 'missing-scope', scope: CAMPAIGN_SCOPE }, login)}\n`);
      return 1;
    }
    const account = (await conn.account()).encoded_account_id;
    const id = boundId(io, f, account, conn.apiHost, 'attach');
    if (id === undefined) return 1;
    const outcome = await attachSegment(conn.client, id, values.campaign, { replace: !!values.replace, replaceLists: !!values['replace-lists'] });
    const text = `${attachMessage(path, `segment ${id} ${quoted(f.file.name)}`, outcome, login)}\n`;
    if (outcome.kind === 'refused') {
      io.err(text);
      return 1;
    }
    io.out(text);
    return 0;
  } catch (e) {
    io.err(`${path}: ${conn.explain(e)}\n`);
    return 1;
  }
}
