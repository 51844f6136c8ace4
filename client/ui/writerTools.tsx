import { lazy } from 'react'

// What only the secretary and the chair use, each a chunk fetched the first time it is rendered
// (MeetingView renders them for writing roles only): a member or observer never downloads the
// attendance, timeline, history, properties, close-meeting or version-saving code.

/** "Oppmøte" and its dialog (AttendanceDialog.tsx). */
export const AttendanceButton = lazy(() => import('./AttendanceDialog').then((m) => ({ default: m.AttendanceButton })))
/** "Tidslinje" and its dialog (TimelineDialog.tsx). */
export const TimelineButton = lazy(() => import('./TimelineDialog').then((m) => ({ default: m.TimelineButton })))
/** "Historikk" and its dialog (HistoryDialog.tsx). */
export const HistoryButton = lazy(() => import('./HistoryDialog').then((m) => ({ default: m.HistoryButton })))
/** "Sett inn oppfølging av aksjonspunkter" (FollowUpInsert.tsx). */
export const FollowUpInsertButton = lazy(() => import('./FollowUpInsert').then((m) => ({ default: m.FollowUpInsertButton })))
/** The chair's "Lukk møtet" dialog (CloseMeetingDialog.tsx). */
export const CloseMeetingDialog = lazy(() => import('./CloseMeetingDialog').then((m) => ({ default: m.CloseMeetingDialog })))
/** The side panel "Egenskaper" of the block at the caret (PropertiesPanel.tsx). */
export const PropertiesPanel = lazy(() => import('./PropertiesPanel').then((m) => ({ default: m.PropertiesPanel })))
/** "Lagre versjon" in the Versjoner panel (VersionForms.tsx). */
export const SaveVersionForm = lazy(() => import('./VersionForms').then((m) => ({ default: m.SaveVersionForm })))
/** "Marker som godkjent" in the Versjoner panel (VersionForms.tsx). */
export const ApproveForm = lazy(() => import('./VersionForms').then((m) => ({ default: m.ApproveForm })))
