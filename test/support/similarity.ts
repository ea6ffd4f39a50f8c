import sharp from 'sharp';

/**
 * PSNR (dB) between two encoded images over 8-bit RGB, after flattening transparency onto the
 * given background and scaling the reference to the candidate's size. A floor on this number is
 * how the pipeline tests say "similar to the input" without comparing bytes.
 */
export async function psnr(reference: Uint8Array, candidate: Uint8Array, background = '#ffffff'): Promise<number> {
  const cand = await sharp(candidate).flatten({ background }).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const ref = await sharp(reference)
    .autoOrient()
    .flatten({ background })
    .resize(cand.info.width, cand.info.height, { fit: 'fill' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const a = ref.data;
  const b = cand.data;
  if (a.length !== b.length) throw new Error(`size mismatch ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  const mse = sum / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/**
 * Largest per-channel difference between two images over 8-bit RGBA, ignoring the colour of fully
 * transparent pixels (encoders may change what cannot be seen). 0 means visually identical.
 */
export async function maxVisibleDifference(reference: Uint8Array, candidate: Uint8Array): Promise<number> {
  const decode = (bytes: Uint8Array) => sharp(bytes).toColourspace('srgb').ensureAlpha().raw({ depth: 'uchar' }).toBuffer();
  const [a, b] = await Promise.all([decode(reference), decode(candidate)]);
  if (a.length !== b.length) throw new Error(`size mismatch ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i += 4) {
    const alpha = Math.abs(a[i + 3]! - b[i + 3]!);
    worst = Math.max(worst, alpha);
    if (a[i + 3] === 0 && b[i + 3] === 0) continue;
    for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(a[i + c]! - b[i + c]!));
  }
  return worst;
}
