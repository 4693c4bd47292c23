// Stands in for semver's `parse` and `satisfies` in the extension bundle (esbuild.config.mjs): the language
// client uses them only to check that VS Code meets the caret range it was built for ('^1.91.0'), and the
// whole of semver's range grammar would cost the bundle 20 KB. VS Code itself has already refused to
// activate the extension below engines.vscode, so a range this does not read is let through.
'use strict';

function parse(version) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(String(version).trim());
  return m ? { version: String(version).trim(), major: +m[1], minor: +m[2], patch: +m[3], prerelease: m[4] ? m[4].split('.') : [] } : null;
}

function satisfies(version, range) {
  const v = typeof version === 'string' ? parse(version) : version;
  const r = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(String(range).trim());
  if (!v) return false;
  if (!r || +r[1] === 0) return true;
  if (v.prerelease && v.prerelease.length) return false;
  const [major, minor, patch] = [+r[1], +r[2], +r[3]];
  return v.major === major && (v.minor > minor || (v.minor === minor && v.patch >= patch));
}

module.exports = { parse, satisfies };
