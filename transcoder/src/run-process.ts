import { spawn } from 'node:child_process';
import { permanent } from './job-failure.ts';

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  /** The end of stderr (ffmpeg prints its summaries last), capped so a chatty run cannot fill memory. */
  stderr: string;
}

const STDERR_TAIL_BYTES = 256 * 1024;
const STDOUT_LIMIT_BYTES = 4 * 1024 * 1024;

export interface ProcessOptions {
  signal: AbortSignal;
  /** Wall-clock limit: past it the process is killed and the run fails permanently (`process_timeout`). */
  timeoutMs: number;
  cwd?: string;
}

/**
 * Runs a command to completion. Aborting `signal`, or running past `timeoutMs`,
 * kills it (SIGKILL: ffmpeg flushing a half-written ladder is of no use to
 * anyone) and rejects.
 */
export function runProcess(command: string, args: string[], options: ProcessOptions): Promise<ProcessResult> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, deadline]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, signal, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = Buffer.alloc(0);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= STDOUT_LIMIT_BYTES) stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = Buffer.concat([stderr, chunk]);
      if (stderr.length > STDERR_TAIL_BYTES * 2) stderr = stderr.subarray(stderr.length - STDERR_TAIL_BYTES);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new Error(`${command} is not installed or not on PATH`));
      else if (!signal.aborted) reject(error);
    });
    child.on('close', (exitCode) => {
      if (options.signal.aborted) return reject(options.signal.reason);
      if (deadline.aborted) {
        const seconds = Math.round(options.timeoutMs / 100) / 10;
        return reject(permanent('process_timeout', `Processing the file took longer than ${seconds} s and was stopped.`));
      }
      resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: stderr.toString('utf8') });
    });
  });
}
