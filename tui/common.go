package tui

// Common is what every pane shares: styles and keys. Sizes are given to
// each pane with SetSize by the root model, which owns the layout.
type Common struct {
	Styles *Styles
	Keys   *KeyMap
}
