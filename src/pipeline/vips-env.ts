/**
 * Environment for libvips, set before sharp (and so libvips) is first loaded; imported only by
 * ./sharp.ts, ahead of sharp itself, which ES module evaluation order guarantees.
 *
 * P3 (memory only): libvips decompresses images it must read randomly into a temporary file once
 * they exceed its "disc threshold" (100 MB by default). Raising the threshold above anything our
 * pixel limit admits keeps every decode in memory. test/pipeline/no-disk-write.test.ts proves it
 * under strace.
 *
 * VIPS_BLOCK_UNTRUSTED disables the loaders libvips does not consider safe for untrusted input.
 */
process.env.VIPS_DISC_THRESHOLD = String(1024 ** 4);
process.env.VIPS_BLOCK_UNTRUSTED = '1';
process.env.VIPS_WARNING = process.env.VIPS_WARNING ?? '0';
