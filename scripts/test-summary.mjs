// The closing lines of `npm test`: each Vitest project's counts from its JSON report, then the total. A
// project without a report did not run to the end (its set-up failed, or Vitest crashed): it is named so.
import { existsSync, readFileSync } from 'node:fs';

const projects = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0, failedFiles: 0 };
const missing = [];
for (const project of projects) {
  const file = `test/artifacts/vitest-${project}.json`;
  if (!existsSync(file)) {
    missing.push(project);
    console.log(`  ${project}: no report (did not run to the end: see its output above)`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A file whose set-up hook failed skips its tests instead of failing them: count failed files too.
  const broken = r.testResults.filter((f) => f.status === 'failed').length;
  console.log(
    `  ${project}: ${r.numPassedTests} passed, ${r.numFailedTests} failed` +
      (skipped ? `, ${skipped} skipped` : '') +
      (broken ? ` (${broken} file(s) failed)` : ''),
  );
  total.passed += r.numPassedTests;
  total.failed += r.numFailedTests;
  total.skipped += skipped;
  total.failedFiles += broken;
}
console.log(
  `vitest: ${total.passed} passed, ${total.failed} failed` +
    (total.skipped ? `, ${total.skipped} skipped` : '') +
    (total.failedFiles ? `, ${total.failedFiles} file(s) failed` : '') +
    (missing.length ? `; no report from ${missing.join(', ')}` : ''),
);
