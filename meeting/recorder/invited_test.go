package recorder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInvited(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, network string
		save          []string
		want          string
	}{
		{"none saved", "libera", nil, ""},
		{"sorted", "libera", []string{"#b", "#a"}, "#a,#b"},
		{"hostile network name stays in the directory", "../../x", []string{"#c"}, "#c"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := InvitedPath(dir, tc.network)
			if filepath.Dir(p) != dir {
				t.Fatalf("path %s outside %s", p, dir)
			}
			os.Remove(p)
			if tc.save != nil {
				if err := SaveInvited(p, tc.save); err != nil {
					t.Fatal(err)
				}
			}
			got, err := LoadInvited(p)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, ",") != tc.want {
				t.Fatalf("loaded %v, want %s", got, tc.want)
			}
		})
	}
	os.WriteFile(InvitedPath(dir, "bad"), []byte("{not json"), 0o600)
	if _, err := LoadInvited(InvitedPath(dir, "bad")); err == nil {
		t.Fatal("a corrupt file loaded without an error")
	}
}
