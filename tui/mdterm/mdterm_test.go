package mdterm

import (
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
)

func TestUnescape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`R\&D`, `R&amp;D`},
		{`\&amp;`, `&amp;amp;`},
		{`a \\& b`, `a \\& b`},
		{`a \\\& b`, `a \\&amp; b`},
		{`\*x\* \& \[y\]`, `\*x\* &amp; \[y\]`},
		{`no escapes`, `no escapes`},
		{`trailing \`, `trailing \`},
	} {
		if got := Unescape(tc.in); got != tc.want {
			t.Errorf("Unescape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRenderShowsEscapedCharacters: what the minutes escape shows as the
// character said, ampersands included.
func TestRenderShowsEscapedCharacters(t *testing.T) {
	for _, style := range []Style{Dark, Light, Plain} {
		out := xansi.Strip(Render(`* INFO: Q\&A \<b\> \*x\* \&amp; (alice, 15:00:01)`, 80, style))
		if !strings.Contains(out, "Q&A <b> *x* &amp; (alice") || strings.Contains(out, `\`) {
			t.Errorf("style %d: %q", style, out)
		}
	}
}
