/** Entry point of `compressorimage` (bin/compressorimage.js imports the built copy of this file). */
import { runCli } from './cli.js';
import { nodeIo } from './io.js';

process.exitCode = await runCli(process.argv.slice(2), nodeIo());
