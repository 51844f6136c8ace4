export { canRunAction, focusAgendaItem, runAction } from './actions'
export { insertFollowUpList } from './followUp'
export {
  enterMovesOn,
  exitEmptyAttendee,
  focusAgendaTitle,
  goToAdjacentAgendaItem,
  goToDecision,
  insertActionItem,
  insertAgendaItem,
  insertMemberInput,
  setBlockAttrs,
} from './commands'
export {
  CONFIRMATION_LABEL,
  confirmationMark,
  confirmationState,
  decisionStatuses,
  hashedDecision,
  sameDecisionStatuses,
  type ConfirmationState,
  type DecisionStatus,
} from './confirmations'
export { displayAttributes, hintFor, noteFor } from './display'
export { MinutesDisplay, displayDecorations } from './displayDecorations'
export { LanguageRefresh, isLanguageRefresh, languageRefreshKey, setContentLanguage } from './languageRefresh'
export { schemaExtensions } from './extensions'
export {
  anchorFor,
  decodeRelativePosition,
  encodeRelativePosition,
  mapRange,
  passageAt,
  passageText,
  replacePassage,
  resolveAnchor,
  yContextOf,
  type EncodedAnchor,
  type Passage,
  type PassageRange,
  type YContext,
} from './flagAnchors'
export { MinutesKeymap } from './minutesKeymap'
export { MinutesPlaceholder, placeholderFor } from './placeholder'
export { ReadOnlyGuard, blocksKeyWhenReadOnly } from './readOnly'
export { readBack, unconfirmedCount, type ReadBackActionItem, type ReadBackItem } from './readBack'
export { RegisterDecorations, flagRanges, setRegisterDecorations } from './registerDecorations'
export { posOfTextPoint, selectTextPoints, type BlockTextPoint } from './takeOver'
export { TolerateMergedShapes, tolerateMergedShapes } from './tolerateMergedShapes'
export {
  SAK_TYPES,
  currentSakPos,
  findAncestor,
  listAgendaItems,
  nextAgendaNumber,
  type AgendaEntry,
} from './queries'
export {
  SHORTCUTS,
  ariaKeyShortcuts,
  formatKeys,
  isMacPlatform,
  keyParts,
  keysFor,
  matchesShortcut,
  type EditorAction,
  type PageAction,
  type Shortcut,
  type ShortcutAction,
} from './shortcuts'
export { formatClock, formatDay, formatPlanned, isRunning } from './clock'
export { clearSakTiming, timingOf, toggleSakTiming, type SakTiming } from './timing'
export { EDITOR_LABEL, editorLabel } from './label'
export { useMinutesEditor, type MinutesEditorOptions } from './useMinutesEditor'
