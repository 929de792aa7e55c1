/**
 * The app's log lines (collected with `startHarness({ logLines })`) whose message is `msg` and whose
 * fields include `fields`. A handler logs before it returns, and the webhook is answered only after
 * its handler returned: once `deliver` resolved, the line of that delivery is there.
 */
export function logged(lines: string[], msg: string, fields: Record<string, unknown> = {}): number {
  let count = 0;
  for (const line of lines) {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (entry["msg"] !== msg) continue;
    if (Object.entries(fields).every(([key, value]) => entry[key] === value)) count++;
  }
  return count;
}
