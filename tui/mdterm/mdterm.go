// Package mdterm renders minutes Markdown for the terminal, the same way
// for the chair's inline minutes and gavel review: one glamour setup, and
// the escapes the minutes renderer writes shown as the characters they
// stand for.
package mdterm

import (
	"strings"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
)

// Style picks glamour's colours.
type Style uint8

const (
	Dark  Style = iota
	Light       // for a light background
	Plain       // no colour (NO_COLOR)
)

// For picks the style: plain (NO_COLOR) wins over the background.
func For(dark, plain bool) Style {
	switch {
	case plain:
		return Plain
	case dark:
		return Dark
	}
	return Light
}

// Render renders md wrapped to width. On a glamour error it returns the
// Markdown itself, so the minutes are never lost from view.
func Render(md string, width int, style Style) string {
	cfg := styles.DarkStyleConfig
	switch style {
	case Light:
		cfg = styles.LightStyleConfig
	case Plain:
		cfg = styles.NoTTYStyleConfig
	}
	cfg = flush(cfg)
	r, err := glamour.NewTermRenderer(glamour.WithStyles(cfg), glamour.WithWordWrap(max(width-1, 20)))
	if err != nil {
		return md
	}
	out, err := r.Render(Unescape(md))
	if err != nil {
		return md
	}
	return strings.TrimRight(out, "\n")
}

// flush drops the document's margin and blank lines around it: the panes
// frame the minutes themselves.
func flush(cfg ansi.StyleConfig) ansi.StyleConfig {
	zero := uint(0)
	cfg.Document.Margin = &zero
	cfg.Document.BlockPrefix, cfg.Document.BlockSuffix = "", ""
	return cfg
}

// Unescape rewrites the one escape glamour shows as typed: CommonMark
// reads "\&" as "&", glamour prints the backslash (and still resolves an
// entity after it: "\&amp;" comes out "\&"). "&amp;" is the same
// character to CommonMark and glamour shows it right. An escaped
// backslash ("\\") is left alone, so "\\&" stays a backslash and an "&".
func Unescape(md string) string {
	if !strings.Contains(md, `\&`) {
		return md
	}
	var b strings.Builder
	b.Grow(len(md) + 16)
	for i := 0; i < len(md); i++ {
		c := md[i]
		if c == '\\' && i+1 < len(md) {
			if md[i+1] == '&' {
				b.WriteString("&amp;")
			} else {
				b.WriteByte(c)
				b.WriteByte(md[i+1])
			}
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
