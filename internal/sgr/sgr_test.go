package sgr

import "testing"

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		name, out string
		colour    bool
		attrs     []int
		notAttrs  []int
	}{
		{"plain text", "hello", false, nil, []int{0, 1, 7}},
		{"bold and reverse", "\x1b[1;7mx\x1b[m", false, []int{1, 7}, []int{4}},
		{"underline alone", "a\x1b[4mb", false, []int{4}, []int{1}},
		{"16 colours", "\x1b[31mx", true, nil, nil},
		{"bright background", "\x1b[1;104mx", true, []int{1}, nil},
		// 38;5;7 is colour 7, not reverse video.
		{"256 colour", "\x1b[38;5;7mx", true, nil, []int{5, 7}},
		{"true colour", "\x1b[48;2;1;4;7;1mx", true, []int{1}, []int{2, 4, 7}},
		{"default colours are not a colour", "\x1b[0m\x1b[39m\x1b[49mx", false, []int{0}, []int{39, 49}},
		{"not SGR", "\x1b[2J\x1b[31;1H", false, nil, []int{2, 31, 1}},
	} {
		got := Scan(tc.out)
		if (got.Colour != "") != tc.colour {
			t.Errorf("%s: colour %q, want colour %v", tc.name, got.Colour, tc.colour)
		}
		for _, a := range tc.attrs {
			if !got.Has(a) {
				t.Errorf("%s: attribute %d not found", tc.name, a)
			}
		}
		for _, a := range tc.notAttrs {
			if got.Has(a) {
				t.Errorf("%s: attribute %d found", tc.name, a)
			}
		}
	}
}
