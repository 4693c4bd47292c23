// Choices that do not vanish, as rules free of VS Code: the remote-edit choice comes back when Overwrite
// is not confirmed; rename asks again with the typed name kept while the name is taken; a failure's
// notice is closed by the next success of the same subject and replaced by its next failure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseOnRemoteEdit, renameUntilFree, type NameBox } from '../../client/src/commands/choices.js';
import { ErrorNotices, type Notice } from '../../client/src/commands/errorNotices.js';

describe('the remote-edit choice', () => {
  it('asks again when Overwrite is not confirmed, and returns what was finally chosen', async () => {
    const answers: ('overwrite' | 'pull' | undefined)[] = ['overwrite', 'pull'];
    let asked = 0;
    let confirms = 0;
    const choice = await chooseOnRemoteEdit(
      async () => (asked++, answers.shift()),
      async () => (confirms++, false),
    );
    assert.equal(choice, 'pull');
    assert.equal(asked, 2, 'backing out of the confirmation brings the choice back');
    assert.equal(confirms, 1);
  });
  it('overwrites only once confirmed; a dismissed choice keeps the file and the segment', async () => {
    assert.equal(await chooseOnRemoteEdit(async () => 'overwrite', async () => true), 'overwrite');
    assert.equal(await chooseOnRemoteEdit(async () => undefined, async () => assert.fail('not asked')), 'cancel');
  });
});

describe('rename asks again while the name is taken', () => {
  it('keeps the typed name in the box, says why, and renames with the next free name', async () => {
    const boxes: NameBox[] = [];
    const typed = ['Taken Name', 'Free Name'];
    const tried: string[] = [];
    const done = await renameUntilFree(
      7,
      'Old Name',
      async (box) => (boxes.push(box), typed.shift()),
      async (name) => (tried.push(name), name === 'Taken Name' ? { takenBy: 9 } : { renamed: `renamed to ${name}` }),
    );
    assert.deepEqual(done, { name: 'Free Name', renamed: 'renamed to Free Name' });
    assert.deepEqual(tried, ['Taken Name', 'Free Name']);
    assert.equal(boxes.length, 2);
    assert.equal(boxes[0]!.value, 'Old Name');
    assert.equal(boxes[1]!.value, 'Taken Name', 'the second box holds what was typed');
    assert.equal(boxes[1]!.validateInput('taken name '), 'The name "Taken Name" is already used by segment 9; choose another name.');
    assert.equal(boxes[1]!.validateInput('Free Name'), undefined);
    assert.equal(boxes[1]!.validateInput('  '), 'A segment needs a name.');
  });
  it("a 409 (taken meanwhile) asks again too; giving up or keeping the name renames nothing", async () => {
    const typed = ['Raced', undefined];
    const boxes: NameBox[] = [];
    const done = await renameUntilFree(7, 'Old', async (box) => (boxes.push(box), typed.shift()), async () => ({ takenBy: undefined }));
    assert.equal(done, undefined);
    assert.equal(boxes[1]?.validateInput('Raced'), 'The name "Raced" is already in use in the account; choose another name.');
    assert.equal(await renameUntilFree(7, 'Old', async () => 'Old', async () => assert.fail('not tried')), undefined);
  });
});

describe('error notices', () => {
  function board() {
    const drawn: { message: string; open: boolean; close(): void; closed: Promise<void> }[] = [];
    const notices = new ErrorNotices((message) => {
      let done!: () => void;
      const n = { message, open: true, closed: new Promise<void>((r) => (done = r)), close: () => ((n.open = false), done()) };
      drawn.push(n);
      return n satisfies Notice;
    });
    return { notices, drawn };
  }
  it("a success of the same subject closes the failure's notice; other subjects keep theirs", () => {
    const { notices, drawn } = board();
    notices.show('deploy a', 'a: not deployed');
    notices.show('deploy b', 'b: not deployed');
    notices.clear('deploy a');
    assert.deepEqual(drawn.map((d) => d.open), [false, true]);
    assert.deepEqual(notices.messages(), ['b: not deployed']);
  });
  it('a new failure replaces the notice; one the user closed is forgotten', async () => {
    const { notices, drawn } = board();
    notices.show('deploy a', 'first');
    notices.show('deploy a', 'second');
    assert.deepEqual(drawn.map((d) => d.open), [false, true]);
    assert.deepEqual(notices.messages(), ['second']);
    drawn[1]!.close();
    await drawn[1]!.closed;
    await Promise.resolve();
    assert.deepEqual(notices.messages(), []);
  });
});
