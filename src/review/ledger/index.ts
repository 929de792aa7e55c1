/**
 * The finding ledger: per-PR memory in Redis of which findings were posted where, fixed, or
 * dismissed, so that a finding is said once, follows its code, is resolved when fixed and stays quiet
 * once dismissed. Everything but the store is pure or talks to GitHub through the thread ports.
 */
export {
  currentPath,
  fingerprint,
  fingerprintFinding,
  fingerprintPlaced,
  isFingerprint,
  normalizeCode,
  normalizeTitle,
  type FingerprintInput,
  type RenameMap,
} from "./fingerprint.js";
export {
  appendMarker,
  closingMarker,
  findingMarker,
  parseClosingMarker,
  parseFindingMarker,
  stripMarkers,
  type ClosingKind,
} from "./marker.js";
export {
  dismissalHows,
  ledgerEntrySchema,
  ledgerStates,
  parseEntry,
  type DismissalHow,
  type LedgerEntry,
  type LedgerMeta,
  type LedgerState,
} from "./entry.js";
export type { ClaimCandidate, Dismissal, FindingLocation, PullRequestLedger } from "./types.js";
export { hasQuote, locateQuote, type LocatedQuote } from "./locate.js";
export {
  pathsToCheck,
  reconcile,
  type EntryAction,
  type FindingDecision,
  type ReconcileInput,
  type ReconcilePlan,
} from "./reconcile.js";
export { renderLedgerSummary, type LedgerSummary } from "./summary.js";
export {
  concededReply,
  dismissedReply,
  fixedReply,
  keptReply,
  shortSha,
  stillPresentReply,
} from "./replies.js";
export { readGitHubState, sameLogin, type GitHubThreadState } from "./github-state.js";
export {
  readSignals,
  signalOf,
  type ReadSignalsInput,
  type Rebuttal,
  type ThreadSignals,
  type TranscriptLine,
} from "./dismissals.js";
export {
  quoteFromDiffHunk,
  rebuildEntries,
  rebuildLedger,
  titleFromBody,
  type RebuildInput,
} from "./rebuild.js";
export { syncLedger, type SyncInput, type SyncResult } from "./sync.js";
export { claimCandidates, claimForPosting, postedFromComments, recordReview } from "./posting.js";
export { applyEntryActions, type ApplyDeps, type ApplyReport } from "./entry-actions.js";
