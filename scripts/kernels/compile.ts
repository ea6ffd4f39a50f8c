/**
 * Compiles the AssemblyScript metric kernels (./assembly/metric.ts) to WebAssembly with 128-bit
 * SIMD. Used by `npm run build:kernels`, which embeds the result in ./metric-wasm.ts, and by the
 * test that keeps that embedded copy in step with its source.
 */
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const KERNEL_SOURCE = fileURLToPath(new URL('../../src/quality/metric/kernels/assembly/metric.ts', import.meta.url));

export async function compileKernels(): Promise<Uint8Array> {
  let binary: Uint8Array | undefined;
  const errors: string[] = [];
  const result = await asc.main(
    [KERNEL_SOURCE, '--outFile', 'metric.wasm', '-O3', '--noAssert', '--runtime', 'stub', '--enable', 'simd', '--use', 'abort=', '--initialMemory', '2'],
    {
      writeFile(name: string, contents: Uint8Array | string): void {
        if (name.endsWith('metric.wasm') && typeof contents !== 'string') binary = contents;
      },
      stderr: { write: (chunk: string | Uint8Array) => errors.push(String(chunk)) } as never,
    },
  );
  if (result.error || !binary) throw new Error(`AssemblyScript compile failed: ${result.error?.message ?? 'no output'}\n${errors.join('')}`);
  return binary;
}
