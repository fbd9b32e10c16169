// The eleven-test ("elfproef") on a Dutch citizen service number (BSN): ingest refuses a message whose
// BSN fails it (a check on top of the XSD, which only demands nine digits), and the demo generator
// hands out only numbers that pass it.

/**
 * True for nine ASCII digits d1..d9 with 9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11.
 * 000000000 passes the arithmetic but is never issued, so it is refused.
 */
export function isValidBsn(s: string): boolean {
  if (s.length !== 9) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
    sum += i === 8 ? -d : (9 - i) * d;
  }
  return sum % 11 === 0 && s !== '000000000';
}
