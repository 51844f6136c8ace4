import { i18n } from '@lingui/core'
import { loadNamespace } from '../../client/i18n'

// Unit tests see the interface in bokmål, as a person without another choice does: every
// catalogue loaded and the language active before any test runs (a t() call outside React
// needs an active language).
await Promise.all((['common', 'editor', 'admin'] as const).map((ns) => loadNamespace('nb', ns)))
i18n.activate('nb', ['nb-NO'])
