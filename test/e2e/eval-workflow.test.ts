/**
 * Runs the shell steps of examples/github-actions/kbt.yml (validate, evaluate, post the summary) against a
 * temporary workspace with the built CLI, as the workflow would on a runner.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { binPath, repoRoot, runKbt, tempDir } from '../helpers/cli.js';

interface Step {
  id?: string;
  run?: string;
}

function workflowSteps(): Step[] {
  const wf = parse(readFileSync(join(repoRoot, 'examples', 'github-actions', 'kbt.yml'), 'utf8')) as { jobs: { eval: { steps: Step[] } } };
  return wf.jobs.eval.steps;
}

describe('GitHub Actions example workflow', () => {
  let root: string;
  let ws: string;
  let shim: string;
  let summary: string;
  before(() => {
    root = tempDir('kbt-gha-');
    ws = join(root, 'repo');
    shim = join(root, 'bin');
    mkdirSync(shim);
    // The runner's globally installed `kbt`, stood in for by the built CLI.
    writeFileSync(join(shim, 'kbt'), `#!/bin/sh\nexec "${process.execPath}" "${binPath}" "$@"\n`);
    chmodSync(join(shim, 'kbt'), 0o755);
    assert.equal(runKbt(['init', 'repo'], { cwd: root }).code, 0);
    mkdirSync(join(ws, 'logs'), { recursive: true });
    for (const f of ['shopping.jsonl', 'devices.jsonl']) copyFileSync(join(repoRoot, 'packs', '3c-digital', 'eval', f), join(ws, 'logs', f));
    const yaml = readFileSync(join(ws, 'kbt.yaml'), 'utf8');
    writeFileSync(join(ws, 'kbt.yaml'), yaml.replace(/\ngates:\n(?: {2}.*\n)+/, '\ngates:\n  minTop1: 0.3\n  tolerance: 0.005\n'));
    summary = join(root, 'step-summary.md');
    writeFileSync(summary, '');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function runStep(id: string): { code: number; stdout: string; stderr: string } {
    const step = workflowSteps().find((s) => s.id === id);
    assert.ok(step?.run, `step ${id} has a run script`);
    const r = spawnSync('bash', ['-e', '-c', step.run], {
      cwd: ws,
      env: { PATH: `${shim}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '', NO_COLOR: '1', LANG: 'C', CI: 'true', KBT_WORKSPACE: '.', GITHUB_STEP_SUMMARY: summary },
      encoding: 'utf8',
      timeout: 180_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  it('validates, evaluates without a baseline and posts the summary', () => {
    const v = runStep('validate');
    assert.equal(v.code, 0, v.stderr + v.stdout);
    const e = runStep('eval');
    const result = JSON.parse(readFileSync(join(ws, 'reports', 'eval.json'), 'utf8'));
    assert.equal(result.version, 1);
    assert.ok(result.summary.turns > 300);
    assert.equal(e.code, result.gates.passed ? 0 : 1, e.stderr);
    assert.ok(result.gates.checks.some((c: { name: string }) => c.name === 'min-top1'));
    for (const f of ['eval.md', 'eval.junit.xml', 'eval.html']) assert.ok(existsSync(join(ws, 'reports', f)), f);
    const s = runStep('summary');
    assert.equal(s.code, 0);
    assert.match(readFileSync(summary, 'utf8'), /^## Knowledge-base evaluation/);
  });

  it('with the released result as baseline: passes on no change, fails on a regression', () => {
    mkdirSync(join(ws, 'baseline'), { recursive: true });
    const released = JSON.parse(readFileSync(join(ws, 'reports', 'eval.json'), 'utf8'));
    writeFileSync(join(ws, 'baseline', 'eval.json'), JSON.stringify(released));
    const same = runStep('eval');
    const now = JSON.parse(readFileSync(join(ws, 'reports', 'eval.json'), 'utf8'));
    assert.ok(now.gates.checks.some((c: { name: string }) => c.name === 'baseline:inScope.top1'));
    assert.equal(now.diff.broken.length, 0);
    assert.equal(same.code, now.gates.passed ? 0 : 1);
    assert.ok(now.gates.checks.filter((c: { name: string }) => c.name.startsWith('baseline:')).every((c: { passed: boolean }) => c.passed));
    // A release that scored better than today: the regression gate fails the job.
    released.summary.inScope.top1 = Math.min(1, released.summary.inScope.top1 + 0.05);
    writeFileSync(join(ws, 'baseline', 'eval.json'), JSON.stringify(released));
    const worse = runStep('eval');
    assert.equal(worse.code, 1);
    assert.match(worse.stdout, /✗ baseline:inScope\.top1/);
    writeFileSync(summary, '');
    runStep('summary');
    assert.match(readFileSync(summary, 'utf8'), /❌ baseline:inScope\.top1/);
  });
});
