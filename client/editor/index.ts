export { canRunAction, focusAgendaItem, runAction } from './actions'
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
export { schemaExtensions } from './extensions'
export { MinutesKeymap } from './minutesKeymap'
export { MinutesPlaceholder, placeholderFor } from './placeholder'
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
  type Shortcut,
  type ShortcutAction,
} from './shortcuts'
export { EDITOR_LABEL, useMinutesEditor } from './useMinutesEditor'
