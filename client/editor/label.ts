/** Accessible name of the editing area (the e2e tests find the editor by it); the light reader's too. */
export const EDITOR_LABEL = 'Referat'
