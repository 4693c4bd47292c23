/**
 * Delete: soft-deletes the segment (the API keeps it readable by id) after a confirmation, and unbinds
 * the bound file (removes segment_id and sync), which is kept: deploying it again creates a new segment.
 * First the guard (domain/src/deleteGuard.ts): a segment a scheduled campaign is sent to, or one whose
 * campaigns cannot be checked, is not deleted unless the user chooses "Delete anyway…" and confirms again.
 */
import { ApiError } from '../../../api/src/errors';
import { checkSegmentDelete } from '../../../domain/src/deleteGuard';
import { parseRoot } from '../../../domain/src/jsonEdits';
import { setSyncFields } from '../../../domain/src/segmentFile';
import { displayName, editDocument } from '../documents';
import type { CommandOptions, Services } from '../services';
import { requireTrust } from '../trust';
import { askModal } from './ask';
import { DELETE_ANYWAY, deleteAnywayDetail, deleteGuardQuestion, SIGN_IN_AGAIN } from './campaignMessages';
import { about, reportError, reportRefusal, reportSuccess, requireSignedIn, signInAgain, withNetwork } from './report';
import { resolveTarget } from './target';

export async function deleteCommand(s: Services, arg: unknown, opts: CommandOptions): Promise<boolean> {
  if (!requireTrust('Deleting a segment')) return false;
  if (!requireSignedIn(s, 'Delete', () => deleteCommand(s, arg, opts))) return false;
  try {
    const t = await resolveTarget(s, arg, 'delete', 'Delete a segment');
    if (!t) return false;
    s = about(s, `delete ${t.segmentId}`);
    const client = s.connection.client();
    const remote = await withNetwork(`Reading segment ${t.segmentId}`, (signal) => client.getSegment(t.segmentId, { signal }));
    const where = s.connection.current?.label ?? s.connection.host();
    const segment = `segment ${t.segmentId} "${remote.name}"`;
    const ask = opts.ask ?? askModal;
    const guard = await withNetwork(`Checking the scheduled campaigns that use segment ${t.segmentId}`, (signal) => checkSegmentDelete(client, t.segmentId, { signal }));
    let anyway = '';
    if (guard.kind !== 'clear') {
      const refusal = deleteGuardQuestion(segment, guard);
      s.log.warn(`${refusal.message}\n${refusal.detail}`);
      const answer = await ask(refusal);
      if (answer === SIGN_IN_AGAIN) void signInAgain();
      if (answer !== DELETE_ANYWAY) return false;
      anyway = ` ${deleteAnywayDetail(guard)}`;
    }
    // Going past the guard always takes this second confirmation, whatever `yes` says.
    if (anyway || !opts.yes) {
      const go = await ask({
        message: `Delete ${segment}${anyway ? ' anyway' : ''} from "${where}"?`,
        detail: `It can no longer be used for sending${t.doc ? `; ${displayName(t.doc)} is kept, without segment_id, and deploying it again creates a new segment` : ''}.${anyway}`,
        choices: ['Delete'],
      });
      if (go !== 'Delete') return false;
      if (anyway) s.log.warn(`Deleting ${segment} anyway.${anyway}`);
    }
    await withNetwork(`Deleting segment ${t.segmentId}`, async (signal) => {
      try {
        await client.deleteSegment(t.segmentId, { signal });
      } catch (e) {
        if (!(e instanceof ApiError && e.kind === 'not-found')) throw e;
        s.log.info(`Segment ${t.segmentId} was already deleted.`);
      }
    });
    let unreadable = false;
    if (t.doc) {
      // A document that stopped parsing is left as it is: the user says what it becomes.
      const unbind = (text: string) => {
        unreadable = !parseRoot(text);
        return unreadable ? text : setSyncFields(text, undefined, undefined);
      };
      await editDocument(t.doc, unbind, { save: true, wasDirty: t.doc.isDirty });
    }
    if (t.doc && unreadable) {
      reportRefusal(s, `Segment ${t.segmentId} "${remote.name}" was deleted, but ${displayName(t.doc)} no longer parses and was not changed. Fix it and remove "segment_id" and "sync" from it.`);
      s.segmentsChanged.fire();
      return true;
    }
    reportSuccess(s, `Segment ${t.segmentId} "${remote.name}" deleted.${t.doc ? ` ${displayName(t.doc)} is kept without segment_id: deploying it again creates a new segment.` : ''}`);
    s.segmentsChanged.fire();
    return true;
  } catch (e) {
    await reportError(s, 'Delete', e);
    return false;
  }
}
