/**
 * A SSIMULACRA2 score in words (issue 6). The bands follow the metric's published guidance:
 * 90 is visually lossless at normal viewing, 70 is high quality, 50 is medium.
 */
export function qualityWords(score: number): string {
  if (score >= 90) return 'indistinguishable';
  if (score >= 80) return 'very high';
  if (score >= 70) return 'high';
  if (score >= 50) return 'medium';
  return 'low';
}
