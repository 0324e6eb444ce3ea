// The server under test seen from outside: its heap (jcmd, in the server's JVM) and its log.

import { execFile } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The pid of the JVM that listens on `port` (bin/kefu-server passes `--port <port>`), or null. */
export function findServerPid(port) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('--port');
      if (args[0].endsWith('java') && at > 0 && args[at + 1] === String(port)) {
        return Number(entry);
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return null;
}

/**
 * The heap in use, in MiB; after a full collection when `collect` (what stays is what the server
 * holds on to), otherwise as it is. Null when the JVM does not answer (it may be dead or stuck).
 */
export async function heap(pid, { collect = false } = {}) {
  if (!pid) {
    return null;
  }
  try {
    if (collect) {
      await run('jcmd', [String(pid), 'GC.run'], { timeout: 120_000 });
    }
    const { stdout } = await run('jcmd', [String(pid), 'GC.heap_info'], { timeout: 60_000 });
    return parseHeapInfo(stdout);
  } catch (error) {
    return { error: (error.stderr || error.message || String(error)).trim().split('\n')[0] };
  }
}

/**
 * The live objects by class (jcmd GC.class_histogram, which collects first): a Map of class name
 * to {instances, bytes}, or null when the JVM does not answer.
 */
export async function classHistogram(pid) {
  try {
    const { stdout } = await run('jcmd', [String(pid), 'GC.class_histogram'], { timeout: 300_000, maxBuffer: 256 * 1024 * 1024 });
    const classes = new Map();
    for (const line of stdout.split('\n')) {
      const row = /^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/.exec(line);
      if (row) {
        classes.set(row[3], { instances: Number(row[1]), bytes: Number(row[2]) });
      }
    }
    return classes;
  } catch {
    return null;
  }
}

export function parseHeapInfo(text) {
  // G1: " garbage-first heap   total 262144K, used 123456K [...]"; Serial/Parallel: one line per
  // generation; ZGC: " ZHeap           used 12M, capacity 64M, max capacity 2048M".
  const kib = (value, unit) => Number(value) * ({ K: 1, M: 1024, G: 1024 * 1024 }[unit] ?? 1);
  let used = 0;
  let committed = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const heapLine = /(garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen|Shenandoah)\s+total (\d+)([KMG]), used (\d+)([KMG])/.exec(line);
    if (heapLine) {
      committed += kib(heapLine[2], heapLine[3]);
      used += kib(heapLine[4], heapLine[5]);
      found = true;
      if (heapLine[1] === 'garbage-first heap') {
        break;
      }
    }
    const z = /ZHeap\s+used (\d+)([KMG]), capacity (\d+)([KMG])/.exec(line);
    if (z) {
      used = kib(z[1], z[2]);
      committed = kib(z[3], z[4]);
      found = true;
    }
  }
  return found ? { usedMiB: Math.round(used / 1024), committedMiB: Math.round(committed / 1024), usedKiB: used } : { error: 'heap_info not understood' };
}

export function logSize(file) {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

const AT = /^\s+at \S+\(.*\)\s*$|^\s+at \S+\s*$/;
const RECORD = /^\[\d{4}-\d\d-\d\dT/;
const THROWABLE = /^\s*(Caused by: )?([\w$]+\.)+[\w$]*(Exception|Error|Throwable)\b/;
const LEVEL = /^\[[^\]]*\] \[[^\]]*\] \[(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST)\]/;

/**
 * What the log holds from byte `from` on: stack traces (a log record with "at …" lines is one
 * trace, its "Caused by" parts included; a throwable printed outside a record is one more), the
 * throwables that head them, and records by level.
 */
export async function scanLog(file, from = 0) {
  const result = { bytes: Math.max(0, logSize(file) - from), lines: 0, stackTraces: 0, levels: {}, throwables: {}, notable: {} };
  if (result.bytes === 0) {
    return result;
  }
  const lines = createInterface({ input: createReadStream(file, { start: from, encoding: 'utf8' }), crlfDelay: Infinity });
  let traced = false;
  let head = null;
  for await (const raw of lines) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    result.lines += 1;
    if (RECORD.test(line)) {
      traced = false;
      head = null;
      const level = LEVEL.exec(line);
      if (level) {
        result.levels[level[1]] = (result.levels[level[1]] ?? 0) + 1;
      }
    } else if (AT.test(line)) {
      if (!traced) {
        result.stackTraces += 1;
        const name = head ?? '(no throwable named)';
        result.throwables[name] = (result.throwables[name] ?? 0) + 1;
        traced = true;
      }
      continue;
    } else {
      const throwable = THROWABLE.exec(line);
      if (throwable && !throwable[1]) {
        if (traced) {
          traced = false; // a second trace in the same record
        }
        head ??= line.trim().slice(0, 160);
      }
    }
    for (const word of ['OutOfMemoryError', 'The database has been closed', 'WELD-000401', 'MalformedInputException']) {
      if (line.includes(word)) {
        result.notable[word] = (result.notable[word] ?? 0) + 1;
      }
    }
  }
  // The most frequent heads of traces, for the summary.
  result.throwables = Object.fromEntries(
    Object.entries(result.throwables)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 15),
  );
  return result;
}
