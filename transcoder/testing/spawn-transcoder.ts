import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface TranscoderProcess {
  url: string;
  child: ChildProcess;
  /** Log lines the service printed (one JSON object per job). */
  lines: string[];
  stop(): Promise<void>;
}

const serverEntry = path.resolve(import.meta.dirname, '../src/server.ts');

/** Starts `node transcoder/src/server.ts` the way production does, on a free port. */
export async function spawnTranscoder(env: Record<string, string>): Promise<TranscoderProcess> {
  const child = spawn(process.execPath, [serverEntry], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const event = JSON.parse(line) as { event?: string; port?: number };
      if (event.event === 'listening') resolve(event.port!);
    });
    child.once('exit', (code) => reject(new Error(`transcoder exited with ${code}: ${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    lines,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
