package palette

import (
	"image/color"
	"reflect"
	"testing"

	"charm.land/lipgloss/v2"
)

func TestNoColor(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want bool
	}{
		{nil, false},
		{[]string{"TERM=xterm", "NO_COLOR=1"}, true},
		{[]string{"NO_COLOR=yes please"}, true},
		{[]string{"NO_COLOR="}, false},                  // set but empty does not count
		{[]string{"NO_COLORS=1", "XNO_COLOR=1"}, false}, // other keys
		{[]string{"NO_COLOR=1", "NO_COLOR="}, false},    // the last one wins
	} {
		if got := NoColor(tc.env); got != tc.want {
			t.Errorf("NoColor(%q) = %v, want %v", tc.env, got, tc.want)
		}
	}
}

// TestPlainHasNoColour: every colour of the plain variant is NoColor and
// mIRC colours are dropped, so styles built from it cannot colour.
func TestPlainHasNoColour(t *testing.T) {
	for _, dark := range []bool{true, false} {
		p := For(dark, true)
		if !p.Plain || p.Dark != dark {
			t.Fatalf("For(%v, true) = plain %v dark %v", dark, p.Plain, p.Dark)
		}
		if got := p.MIRC(4); got != nil {
			t.Errorf("plain mIRC colour 4 = %v, want none", got)
		}
		v := reflect.ValueOf(*p)
		colours := 0
		for i := range v.NumField() {
			if c, ok := v.Field(i).Interface().(color.Color); ok {
				colours++
				if c != (lipgloss.NoColor{}) {
					t.Errorf("plain %s = %v, want NoColor", v.Type().Field(i).Name, c)
				}
			}
		}
		if colours < 20 || len(p.Nicks) != 1 || p.Nicks[0] != (lipgloss.NoColor{}) {
			t.Errorf("plain palette: %d colour fields checked, nicks %v", colours, p.Nicks)
		}
	}
	if For(true, false).MIRC(4) == nil {
		t.Error("coloured palette drops mIRC colour 4")
	}
}
