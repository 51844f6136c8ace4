import { t } from '../i18n'

/** Accessible name of the editing area (the e2e tests find the editor by it); the light reader's too. */
export const EDITOR_LABEL = 'Referat'

/** The accessible name of the editing area in the interface language ("Referat", "Minutes"). */
export function editorLabel(): string {
  return t('common.minutes.editorLabel')
}
