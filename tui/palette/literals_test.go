package palette

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// colourLiteral is what naming a colour looks like in Go: a lipgloss or
// image/color constructor, an x/ansi colour, or a "#rrggbb" hex string.
var colourLiteral = regexp.MustCompile(`lipgloss\.(Color|ANSIColor|RGBColor)\b|color\.N?RGBA(64)?\{|ansi\.(IndexedColor|BasicColor|TrueColor)\b|"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?"`)

// TestNoColourOutsidePalette keeps the palette the one home of colours:
// any colour named in the tui tree outside this package fails, so chair
// and review cannot drift apart again or ignore NO_COLOR.
func TestNoColourOutsidePalette(t *testing.T) {
	var files int
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if filepath.Base(path) == "palette" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := colourLiteral.FindString(line); m != "" {
				t.Errorf("%s:%d names a colour (%s); take it from tui/palette", path, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("walked only %d Go files: not the tui tree?", files)
	}
}

// TestColourLiteralPattern checks the pattern catches each way of naming a
// colour and leaves ordinary code alone.
func TestColourLiteralPattern(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{`s := lipgloss.NewStyle().Foreground(lipgloss.Color("203"))`, true},
		{`bg := lipgloss.Color("#1e1e2e")`, true},
		{`c := color.RGBA{R: 255, A: 255}`, true},
		{`x := ansi.IndexedColor(4)`, true},
		{`hex := "#ff8800"`, true},
		{`short := "#f80"`, true},
		{`s.Header = lipgloss.NewStyle().Foreground(p.HeaderFg)`, false},
		{`ch := "#gavel"`, false},
		{`var c color.Color`, false},
	} {
		if got := colourLiteral.MatchString(tc.line); got != tc.want {
			t.Errorf("%q: matched %v, want %v", tc.line, got, tc.want)
		}
	}
}
